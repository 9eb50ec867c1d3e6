using System.Globalization;

namespace MLOps.Contracts.Monitoring;

/// <summary>The key of a drift window grain: deployment, model, version and window start.</summary>
/// <param name="Deployment">The deployment's name.</param>
/// <param name="ModelName">The registered model's name.</param>
/// <param name="Version">The model version.</param>
/// <param name="WindowStart">The window's start (a multiple of its length since the Unix epoch).</param>
public readonly record struct DriftWindowKey(string Deployment, string ModelName, int Version, DateTimeOffset WindowStart)
{
    /// <summary>The window of length <paramref name="windowSeconds"/> holding <paramref name="at"/>.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset at, int windowSeconds)
    {
        var seconds = at.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(seconds - (((seconds % windowSeconds) + windowSeconds) % windowSeconds));
    }

    /// <summary>The grain key: names cannot hold '/', so it separates the parts.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Deployment}/{ModelName}/{Version}/{WindowStart.ToUnixTimeSeconds()}");

    /// <summary>Parses a key made by <see cref="ToString"/>.</summary>
    public static DriftWindowKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        if (parts.Length != 4
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var start))
        {
            throw new FormatException($"'{key}' is not a drift window key (deployment/model/version/start).");
        }

        return new DriftWindowKey(parts[0], parts[1], version, DateTimeOffset.FromUnixTimeSeconds(start));
    }
}
