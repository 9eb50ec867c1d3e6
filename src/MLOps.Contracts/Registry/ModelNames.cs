using System.Text.RegularExpressions;

namespace MLOps.Contracts.Registry;

/// <summary>The registry's model name rule (the same as the registered_models.name check constraint).</summary>
public static partial class ModelNames
{
    /// <summary>How the rule reads in error messages.</summary>
    public const string Rule = "1 to 250 letters, digits, '-', '_' or '.'";

    /// <summary>Whether <paramref name="name"/> is a valid model name.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,250}$")]
    private static partial Regex Pattern();
}
