using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A registered model: a unique name, its numbered versions and its aliases.</summary>
/// <param name="Name">The model's unique name.</param>
/// <param name="Description">Its description, or null.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Versions">Its versions, newest first.</param>
/// <param name="Aliases">Its aliases.</param>
public sealed record RegisteredModel(
    string Name,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ModelVersion> Versions,
    IReadOnlyList<ModelAlias> Aliases)
{
    internal const string Fields =
        "name description tags { key value } createdAt versions { " + ModelVersion.Fields + " } aliases { alias version }";

    internal static RegisteredModel Read(JsonElement e) => new(
        e.String("name"),
        e.OptionalString("description"),
        e.Pairs("tags"),
        e.Time("createdAt"),
        e.List("versions", ModelVersion.Read),
        e.List("aliases", ModelAlias.Read));
}
