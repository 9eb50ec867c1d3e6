using System.Text.Json;
using MLOps.Storage.Registry;

namespace MLOps.Api.GraphQL.Registry;

/// <summary>The JSON columns of a version, parsed for the API.</summary>
public static class VersionDetails
{
    public static SignatureView? Signature(ModelVersionRecord v) =>
        v.SignatureJson is null ? null : JsonSerializer.Deserialize<SignatureView>(v.SignatureJson, RegistryJson.Options);

    public static OnnxMetadataView? Metadata(ModelVersionRecord v) =>
        v.OnnxMetadataJson is null ? null : JsonSerializer.Deserialize<OnnxMetadataView>(v.OnnxMetadataJson, RegistryJson.Options);

    public static LineageView Lineage(ModelVersionRecord v) =>
        JsonSerializer.Deserialize<LineageView>(v.LineageJson, RegistryJson.Options) ?? new LineageView(null, [], new Dictionary<string, string>());

    public static IReadOnlyDictionary<string, double> Metrics(ModelVersionRecord v) =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(v.MetricsJson, RegistryJson.Options) ?? [];
}

public sealed record TensorSpecView(string Name, string ElementType, IReadOnlyList<long> Shape);

public sealed record SignatureView(IReadOnlyList<TensorSpecView> Inputs, IReadOnlyList<TensorSpecView> Outputs);

public sealed record OnnxMetadataView(
    long IrVersion, string ProducerName, string ProducerVersion, string GraphName, string Domain, string Description, long ModelVersion,
    IReadOnlyDictionary<string, string> CustomMetadata, IReadOnlyDictionary<string, long> OpsetImports);

public sealed record LineageView(string? SourceRunId, IReadOnlyList<string> DatasetDigests, IReadOnlyDictionary<string, string> Tags);
