using GraphQL.Types;

namespace MLOps.Api.GraphQL.Registry;

public sealed class LineageType : ObjectGraphType<LineageView>
{
    public LineageType()
    {
        Name = "Lineage";
        Description = "Where a version came from.";
        Field(x => x.SourceRunId, nullable: true).Description("Training run that produced it.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("datasetDigests").Resolve(c => c.Source.DatasetDigests);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyValueType>>>>("tags").Resolve(c => c.Source.Tags);
    }
}
