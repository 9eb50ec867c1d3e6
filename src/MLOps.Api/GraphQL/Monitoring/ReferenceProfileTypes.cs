using GraphQL.Types;
using MLOps.Api.Monitoring;
using MLOps.Monitoring.Profiles;

namespace MLOps.Api.GraphQL.Monitoring;

public sealed class ReferenceProfileType : ObjectGraphType<ReferenceProfileView>
{
    public ReferenceProfileType()
    {
        Name = "ReferenceProfile";
        Description = "A model version's reference profile: what its drift windows are compared with.";
        Field(x => x.ModelName);
        Field(x => x.Version);
        Field(x => x.ArtifactSha256).Description("The profile's artifact.");
        Field(x => x.SourceFormat).Description("csv, parquet or json.");
        Field(x => x.CreatedAt);
        Field(x => x.CreatedBy);
        Field<NonNullGraphType<LongGraphType>>("rowCount").Resolve(c => c.Source.Summary.RowCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReferenceFeatureType>>>>("features").Resolve(c => c.Source.Summary.Features);
    }
}

public sealed class ReferenceFeatureType : ObjectGraphType<FeatureSummary>
{
    public ReferenceFeatureType()
    {
        Name = "ReferenceFeature";
        Field(x => x.Name);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("NUMERIC or CATEGORICAL.").Resolve(c => c.Source.Kind.ToString().ToUpperInvariant());
        Field<NonNullGraphType<StringGraphType>>("role").Description("INPUT or PREDICTION.").Resolve(c => c.Source.Role.ToString().ToUpperInvariant());
        Field(x => x.Count);
        Field(x => x.MissingRate);
        Field(x => x.DistinctCount);
        Field(x => x.Min, nullable: true);
        Field(x => x.Max, nullable: true);
        Field(x => x.Mean, nullable: true);
        Field(x => x.P5, nullable: true);
        Field(x => x.P50, nullable: true);
        Field(x => x.P95, nullable: true);
    }
}
