using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using MLOps.Api.GraphQL.Loading;
using MLOps.Storage.Registry;

namespace MLOps.Api.GraphQL.Registry;

public sealed class ModelVersionType : ObjectGraphType<ModelVersionRecord>
{
    public ModelVersionType()
    {
        Name = "ModelVersion";
        Description = "A numbered version of a registered model, made from an ONNX artifact.";
        Field(x => x.ModelName).Description("The model this version belongs to.");
        Field(x => x.Version).Description("1, 2, 3, ... per model, without gaps.");
        Field(x => x.Status).Description("PENDING_REGISTRATION, READY or FAILED_REGISTRATION.");
        Field(x => x.StatusMessage, nullable: true).Description("Why registration failed, in ONNX Runtime's words.");
        Field(x => x.Stage).Description("None, Staging, Production or Archived.");
        Field(x => x.Description);
        Field(x => x.ArtifactSha256).Description("SHA-256 of the ONNX artifact; GET /api/artifacts/{sha256} downloads it.");
        Field(x => x.ArtifactSize).Description("Artifact size in bytes.");
        Field(x => x.Format).Description("Artifact format (onnx).");
        Field<SignatureType>("signature").Description("Inputs and outputs; null until READY.").Resolve(c => VersionDetails.Signature(c.Source));
        Field<OnnxMetadataType>("onnxMetadata").Description("ONNX file metadata; null until READY.").Resolve(c => VersionDetails.Metadata(c.Source));
        Field<NonNullGraphType<LineageType>>("lineage").Resolve(c => VersionDetails.Lineage(c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MetricType>>>>("metrics").Description("Metrics snapshot given at registration.")
            .Resolve(c => VersionDetails.Metrics(c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyValueType>>>>("tags").Resolve(c => c.Source.Tags);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("aliases").Description("Aliases pointing at this version.")
            .Resolve(c => c.RequestServices!.GetRequiredService<RegistryLoaders>().Aliases.Load(c.Source.ModelId)
                .Then(aliases => (IEnumerable<string>)aliases.Where(a => a.Version == c.Source.Version).Select(a => a.Alias).ToList()));
        Field(x => x.CreatedAt);
        Field(x => x.UpdatedAt);
        Field(x => x.CreatedBy).Description("Owner of the API key that registered it.");
    }
}
