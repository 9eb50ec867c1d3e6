using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A named inference endpoint, /v2/models/{name}/infer, whose routes point at model versions or aliases.</summary>
/// <param name="Name">The deployment's name.</param>
/// <param name="Revision">Increases with every change of the routes or settings.</param>
/// <param name="Routes">Its routes.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record Deployment(string Name, int Revision, IReadOnlyList<DeploymentRoute> Routes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    internal const string Fields = "name revision routes { " + DeploymentRoute.Fields + " } createdAt updatedAt";

    internal static Deployment Read(JsonElement e) =>
        new(e.String("name"), e.Int32("revision"), e.List("routes", DeploymentRoute.Read), e.Time("createdAt"), e.Time("updatedAt"));
}
