using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

/// <summary>Where a deployment sends traffic: a fixed model version, or whatever version an alias points at.</summary>
/// <param name="ModelName">The registered model.</param>
/// <param name="Version">A fixed version, or null when the route follows <paramref name="Alias"/>.</param>
/// <param name="Alias">The alias the route follows, or null.</param>
/// <param name="Weight">Share of primary traffic (relative to the other primary routes).</param>
/// <param name="Mode">PRIMARY (answers requests) or SHADOW (gets a copy of them; its answers are discarded).</param>
public sealed record DeploymentRoute(string ModelName, int? Version = null, string? Alias = null, double Weight = 1, string Mode = "PRIMARY")
{
    internal const string Fields = "modelName version alias weight mode";

    /// <summary>A primary route to a fixed version.</summary>
    public static DeploymentRoute ToVersion(string modelName, int version, double weight = 1) => new(modelName, version, null, weight);

    /// <summary>A primary route that follows an alias (moving the alias moves the traffic).</summary>
    public static DeploymentRoute ToAlias(string modelName, string alias, double weight = 1) => new(modelName, null, alias, weight);

    internal static DeploymentRoute Read(JsonElement e) =>
        new(e.String("modelName"), e.OptionalInt32("version"), e.OptionalString("alias"), e.Double("weight"), e.String("mode"));
}
