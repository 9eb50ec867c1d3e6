using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A numbered version of a registered model, made from an ONNX artifact.</summary>
/// <param name="ModelName">The model it belongs to.</param>
/// <param name="Version">1, 2, 3, ... per model.</param>
/// <param name="Status">PENDING_REGISTRATION, READY or FAILED_REGISTRATION; only READY versions are served.</param>
/// <param name="StatusMessage">Why registration failed, or null.</param>
/// <param name="Stage">None, Staging, Production or Archived.</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="ArtifactSha256">The SHA-256 of its ONNX file; <see cref="MlopsClient.DownloadArtifactAsync(string, Stream, IProgress{TransferProgress}?, CancellationToken)"/> fetches it.</param>
/// <param name="ArtifactSize">The size of its ONNX file in bytes.</param>
/// <param name="Aliases">The aliases pointing at it.</param>
/// <param name="Lineage">Where it came from.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="CreatedAt">When it was registered.</param>
public sealed record ModelVersion(
    string ModelName,
    int Version,
    string Status,
    string? StatusMessage,
    string Stage,
    string? Description,
    string ArtifactSha256,
    long ArtifactSize,
    IReadOnlyList<string> Aliases,
    ModelLineage Lineage,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt)
{
    internal const string Fields =
        "modelName version status statusMessage stage description artifactSha256 artifactSize aliases "
        + "lineage { " + ModelLineage.Fields + " } tags { key value } createdAt";

    internal static ModelVersion Read(JsonElement e) => new(
        e.String("modelName"),
        e.Int32("version"),
        e.String("status"),
        e.OptionalString("statusMessage"),
        e.String("stage"),
        e.OptionalString("description"),
        e.String("artifactSha256"),
        e.Int64("artifactSize"),
        e.List("aliases", a => a.GetString()!),
        ModelLineage.Read(e.Optional("lineage") ?? default),
        e.Pairs("tags"),
        e.Time("createdAt"));
}
