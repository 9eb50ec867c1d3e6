namespace MLOps.Storage.Webhooks;

/// <summary>
/// A registered webhook. The signing secret is deliberately absent: it is returned once, by
/// <see cref="WebhookRepository.CreateAsync"/>, and never read back out.
/// </summary>
/// <param name="Id">The webhook's id.</param>
/// <param name="Url">The absolute http(s) URL events are POSTed to.</param>
/// <param name="EventTypes">Event types delivered; empty means every type.</param>
/// <param name="ModelNames">Models whose events are delivered; empty means every model.</param>
/// <param name="Description">Free text.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="CreatedBy">Who registered it.</param>
public sealed record Webhook(
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    IReadOnlyList<string> ModelNames,
    string Description,
    DateTimeOffset CreatedAt,
    string CreatedBy);
