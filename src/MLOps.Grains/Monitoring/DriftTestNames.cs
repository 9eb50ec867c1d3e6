using System.Collections.Frozen;
using MLOps.Monitoring;

namespace MLOps.Grains.Monitoring;

/// <summary>The API's names of the drift tests (KS, WASSERSTEIN, ...), one table for settings and reports.</summary>
public static class DriftTestNames
{
    private static readonly (string Name, DriftTestKind Kind)[] Table =
    [
        ("KS", DriftTestKind.KolmogorovSmirnov),
        ("CHI_SQUARED", DriftTestKind.ChiSquared),
        ("Z_TEST", DriftTestKind.ZTest),
        ("WASSERSTEIN", DriftTestKind.NormedWasserstein),
        ("JENSEN_SHANNON", DriftTestKind.JensenShannon),
        ("PSI", DriftTestKind.PopulationStability),
        ("KL", DriftTestKind.KullbackLeibler),
    ];

    private static readonly FrozenDictionary<string, DriftTestKind> Kinds = Table.ToFrozenDictionary(t => t.Name, t => t.Kind, StringComparer.Ordinal);
    private static readonly FrozenDictionary<DriftTestKind, string> Names = Table.ToFrozenDictionary(t => t.Kind, t => t.Name);

    /// <summary>Every name, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Table.Select(t => t.Name)];

    public static bool IsKnown(string name) => Kinds.ContainsKey(name);

    /// <exception cref="KeyNotFoundException">The name is not one of <see cref="All"/> (settings are validated first).</exception>
    public static DriftTestKind KindOf(string name) => Kinds[name];

    public static string NameOf(DriftTestKind kind) => Names.GetValueOrDefault(kind) ?? kind.ToString();
}
