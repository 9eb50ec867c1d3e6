using MLOps.Contracts;
using MLOps.Storage.Events;

namespace MLOps.Storage.Webhooks;

/// <summary>Checks and normalises what a caller gives to register a webhook; refusals are VALIDATION errors.</summary>
internal static class WebhookInput
{
    public const int MaxUrlLength = 2048;
    public const int MaxDescriptionLength = 1000;

    public static string Url(string? url)
    {
        var trimmed = url?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw MLOpsException.Invalid("A webhook needs a URL: an absolute http:// or https:// address that accepts POST requests.");
        }

        if (trimmed.Length > MaxUrlLength)
        {
            throw MLOpsException.Invalid($"The webhook URL has {trimmed.Length} characters; keep it to {MaxUrlLength}.");
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw MLOpsException.Invalid($"'{trimmed}' is not an absolute http:// or https:// URL; give the full address the receiver listens on.");
        }

        return trimmed;
    }

    public static string[] EventTypes(IReadOnlyCollection<string>? eventTypes)
    {
        var types = (eventTypes ?? []).Select(t => t?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToArray();
        var unknown = types.Where(t => !RegistryEventTypes.IsKnown(t)).ToArray();
        if (unknown.Length > 0)
        {
            throw MLOpsException.Invalid(
                $"Unknown event type(s): {string.Join(", ", unknown.Select(t => $"'{t}'"))}. Known types: {string.Join(", ", RegistryEventTypes.All)}; or leave the list empty for every type.");
        }

        return types;
    }

    public static string[] ModelNames(IReadOnlyCollection<string>? modelNames)
    {
        var names = (modelNames ?? []).Select(n => n?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToArray();
        var invalid = names.Where(n => !MLOps.Contracts.Registry.ModelNames.IsValid(n)).ToArray();
        if (invalid.Length > 0)
        {
            throw MLOpsException.Invalid(
                $"Invalid model name(s): {string.Join(", ", invalid.Select(n => $"'{n}'"))}. A model name is {MLOps.Contracts.Registry.ModelNames.Rule}.");
        }

        return names;
    }

    public static string Description(string? description)
    {
        var text = description?.Trim() ?? string.Empty;
        return text.Length <= MaxDescriptionLength
            ? text
            : throw MLOpsException.Invalid($"The description has {text.Length} characters; keep it to {MaxDescriptionLength}.");
    }
}
