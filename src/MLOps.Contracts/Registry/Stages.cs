namespace MLOps.Contracts.Registry;

/// <summary>Lifecycle stages of a model version.</summary>
public static class Stages
{
    /// <summary>Registered, not promoted.</summary>
    public const string None = "None";

    /// <summary>Being validated before production.</summary>
    public const string Staging = "Staging";

    /// <summary>Serving production traffic; reaching it needs an approval.</summary>
    public const string Production = "Production";

    /// <summary>Retired.</summary>
    public const string Archived = "Archived";

    /// <summary>All stages.</summary>
    public static IReadOnlyList<string> All { get; } = [None, Staging, Production, Archived];

    /// <summary>The canonical spelling of <paramref name="stage"/> (case-insensitive), or null when unknown.</summary>
    public static string? Normalize(string? stage) =>
        All.FirstOrDefault(s => string.Equals(s, stage, StringComparison.OrdinalIgnoreCase));
}
