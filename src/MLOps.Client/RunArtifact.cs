using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A file stored under a run.</summary>
/// <param name="Path">Its path under the run, such as model/model.onnx.</param>
/// <param name="Sha256">The SHA-256 of its content, in hex.</param>
/// <param name="SizeBytes">Its size in bytes.</param>
/// <param name="CreatedAt">When it was stored, when the server said.</param>
public sealed record RunArtifact(string Path, string Sha256, long SizeBytes, DateTimeOffset? CreatedAt = null)
{
    internal const string Fields = "path sha256 sizeBytes createdAt";

    internal static RunArtifact Read(JsonElement e) =>
        new(e.String("path"), e.String("sha256"), e.Int64("sizeBytes"), e.OptionalTime("createdAt"));
}
