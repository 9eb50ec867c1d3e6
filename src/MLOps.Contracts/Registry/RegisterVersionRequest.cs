namespace MLOps.Contracts.Registry;

/// <summary>What a new model version is made from: an uploaded artifact plus what is known about it.</summary>
/// <param name="ArtifactSha256">The SHA-256 of an artifact already uploaded to the artifact store.</param>
/// <param name="Description">Free text.</param>
/// <param name="SourceRunId">The training run that produced the model, if any.</param>
/// <param name="DatasetDigests">Digests of the datasets the model was trained and evaluated on.</param>
/// <param name="LineageTags">Free lineage tags (e.g. git commit, pipeline).</param>
/// <param name="Metrics">A metrics snapshot at registration (name to value).</param>
/// <param name="Tags">Version tags.</param>
[GenerateSerializer, Immutable, Alias("mlops.registry.RegisterVersionRequest")]
public sealed record RegisterVersionRequest(
    [property: Id(0)] string ArtifactSha256,
    [property: Id(1)] string? Description,
    [property: Id(2)] string? SourceRunId,
    [property: Id(3)] IReadOnlyList<string>? DatasetDigests,
    [property: Id(4)] IReadOnlyDictionary<string, string>? LineageTags,
    [property: Id(5)] IReadOnlyDictionary<string, double>? Metrics,
    [property: Id(6)] IReadOnlyDictionary<string, string>? Tags);
