using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A dataset a run used, identified by its digest so a model's lineage names the exact data.</summary>
/// <param name="Name">The dataset's name.</param>
/// <param name="Digest">A digest of its content (for example a SHA-256).</param>
/// <param name="Source">Where it came from (a URI or a path).</param>
/// <param name="Context">training, validation or test.</param>
/// <param name="Schema">Its schema, in any text form, or null.</param>
public sealed record DatasetInput(string Name, string Digest, string Source, string Context = "training", string? Schema = null)
{
    internal const string Fields = "name digest source context schema";

    internal static DatasetInput Read(JsonElement e) =>
        new(e.String("name"), e.String("digest"), e.String("source"), e.String("context"), e.OptionalString("schema"));
}
