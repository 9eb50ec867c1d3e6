using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>An experiment: a named group of runs.</summary>
/// <param name="Id">The experiment's id.</param>
/// <param name="Name">The experiment's unique name.</param>
/// <param name="Lifecycle">ACTIVE, or DELETED after a soft delete (the name stays taken).</param>
/// <param name="CreatedBy">Owner of the API key that created it.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Tags">Its tags.</param>
public sealed record Experiment(
    string Id, string Name, string Lifecycle, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, string> Tags)
{
    internal const string Fields = "id name lifecycle createdBy createdAt tags { key value }";

    internal static Experiment Read(JsonElement e) => new(
        e.String("id"), e.String("name"), e.String("lifecycle"), e.String("createdBy"), e.Time("createdAt"), e.Pairs("tags"));
}
