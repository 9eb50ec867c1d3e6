using System.Text.RegularExpressions;
using MLOps.Contracts;
using MLOps.Contracts.Registry;

namespace MLOps.Grains.Registry;

/// <summary>The registry's naming and stage rules, each refusal a sentence that says why.</summary>
public static partial class RegistryRules
{
    public const int MaxTagKeyLength = 250;
    public const int MaxTagValueLength = 5000;
    public const int MaxDescriptionLength = 5000;

    public static void ValidateModelName(string name)
    {
        if (!ModelNames.IsValid(name))
        {
            throw MLOpsException.Invalid($"'{Shorten(name)}' is not a valid model name: use {ModelNames.Rule}.");
        }
    }

    public static void ValidateAlias(string alias)
    {
        if (!AliasName().IsMatch(alias))
        {
            throw MLOpsException.Invalid($"'{Shorten(alias)}' is not a valid alias: use 1 to 255 letters, digits, '_' or '-'.");
        }

        if (string.Equals(alias, "latest", StringComparison.OrdinalIgnoreCase) || ReservedVersionAlias().IsMatch(alias))
        {
            throw MLOpsException.Invalid($"'{alias}' is reserved: 'latest' always means the newest READY version and 'v<number>' a version number.");
        }
    }

    public static void ValidateTag(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > MaxTagKeyLength)
        {
            throw MLOpsException.Invalid($"A tag key must be 1 to {MaxTagKeyLength} characters.");
        }

        if (value is not null && value.Length > MaxTagValueLength)
        {
            throw MLOpsException.Invalid($"The value of tag '{key}' is longer than {MaxTagValueLength} characters.");
        }
    }

    public static void ValidateDescription(string? description)
    {
        if (description is not null && description.Length > MaxDescriptionLength)
        {
            throw MLOpsException.Invalid($"A description can be at most {MaxDescriptionLength} characters.");
        }
    }

    /// <summary>Refuses a stage change the lifecycle does not allow, saying why.</summary>
    public static void CheckTransition(int version, string status, string from, string to)
    {
        if (status != VersionStatus.Ready)
        {
            throw MLOpsException.Invalid($"Version {version} is {status}; only READY versions change stage.");
        }

        if (from == to)
        {
            throw MLOpsException.Invalid($"Version {version} is already in {to}.");
        }

        if (to == Stages.Production && from == Stages.Archived)
        {
            throw MLOpsException.Invalid($"Version {version} is Archived; move it to Staging and validate it before asking for Production.");
        }
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "...";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex AliasName();

    [GeneratedRegex("^[vV][0-9]+$")]
    private static partial Regex ReservedVersionAlias();
}
