using System.Globalization;

namespace MLOps.Monitoring.Profiles;

/// <summary>How category values are normalized, identically for references and windows.</summary>
internal static class CategoryText
{
    /// <summary>Longer categories are truncated, so that memory per category is bounded.</summary>
    public const int MaxLength = 128;

    private static readonly string[] SmallIntegers = [.. Enumerable.Range(0, 256).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>
    /// Null for a missing value (null or empty), otherwise the value truncated to <see cref="MaxLength"/> characters
    /// (one fewer rather than split a surrogate pair, so the text survives UTF-8 serialization).
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return value.Length <= MaxLength ? value
            : value[..(char.IsHighSurrogate(value[MaxLength - 1]) ? MaxLength - 1 : MaxLength)];
    }

    /// <summary>
    /// The category of a number in a numeric block (class indices, codes): round-trip invariant text, so integral
    /// values read "3"; null for NaN and infinities (missing). Small integers come from a cache.
    /// </summary>
    public static string? FromNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            return null;
        }

        return value is >= 0 and < 256 && value == Math.Floor(value)
            ? SmallIntegers[(int)value]
            : value.ToString("R", CultureInfo.InvariantCulture);
    }
}
