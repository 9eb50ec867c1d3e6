using System.Text.Json;
using System.Text.RegularExpressions;

namespace MLOps.IntegrationTests.Deployment;

/// <summary>
/// The server container's environment as infra/ declares it, read from the offline evaluation of
/// infra/main.bicep that infra/MLOps.Infra.csproj writes at build time (bicep snapshot).
/// </summary>
internal static partial class BicepOutputs
{
    public static string SnapshotPath => RepositoryPaths.Combine("infra", "obj", "bicep", "main.sample.snapshot.json");

    /// <summary>Environment variable name to value (an ARM expression where Azure computes it).</summary>
    public static IReadOnlyDictionary<string, string> ServerEnvironment()
    {
        using var snapshot = JsonDocument.Parse(File.ReadAllText(SnapshotPath));
        var app = snapshot.RootElement.GetProperty("predictedResources").EnumerateArray()
            .Single(r => r.GetProperty("type").GetString() == "Microsoft.App/containerApps");
        var container = app.GetProperty("properties").GetProperty("template").GetProperty("containers")[0];
        return container.GetProperty("env").EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => e.TryGetProperty("value", out var value) ? value.GetString()! : "secretRef:" + e.GetProperty("secretRef").GetString());
    }

    /// <summary>The literal template of a format('...', ...) ARM expression.</summary>
    public static string FormatTemplate(string expression)
    {
        var match = FormatExpression().Match(expression);
        Assert.True(match.Success, $"Expected a format('...') expression, got {expression}");
        return match.Groups["template"].Value;
    }

    [GeneratedRegex(@"^\[format\('(?<template>[^']*)'")]
    private static partial Regex FormatExpression();
}
