using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>A model version's reference profile: what its monitoring windows are compared with for drift.</summary>
/// <param name="ModelName">The registered model.</param>
/// <param name="Version">The model version it belongs to.</param>
/// <param name="ArtifactSha256">The stored profile's artifact.</param>
/// <param name="SourceFormat">The dataset's format: csv, parquet or json.</param>
/// <param name="CreatedAt">When it was profiled.</param>
/// <param name="CreatedBy">Who uploaded the dataset.</param>
/// <param name="RowCount">Rows in the reference dataset.</param>
/// <param name="Features">The input features, then the prediction features (the server runs the model over the reference rows).</param>
public sealed record ReferenceProfile(
    string ModelName, int Version, string ArtifactSha256, string SourceFormat, DateTimeOffset CreatedAt, string CreatedBy,
    long RowCount, IReadOnlyList<ReferenceFeature> Features)
{
    internal const string Fields =
        "modelName version artifactSha256 sourceFormat createdAt createdBy rowCount features { " + ReferenceFeature.Fields + " }";

    /// <summary>The feature with this name.</summary>
    /// <exception cref="KeyNotFoundException">The profile has no feature of that name.</exception>
    public ReferenceFeature GetFeature(string name) => Features.FirstOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"The reference profile has no feature '{name}'; it has {string.Join(", ", Features.Select(f => f.Name))}.");

    /// <summary>Reads GraphQL's ReferenceProfile, or the REST answer (the same fields, row count and features under "summary").</summary>
    internal static ReferenceProfile Read(JsonElement e)
    {
        var summary = e.Optional("summary") ?? e;
        return new ReferenceProfile(
            e.String("modelName"), e.Int32("version"), e.String("artifactSha256"), e.String("sourceFormat"), e.Time("createdAt"), e.String("createdBy"),
            summary.Int64("rowCount"), summary.List("features", ReferenceFeature.Read));
    }
}
