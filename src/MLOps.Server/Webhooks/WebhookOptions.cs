using System.ComponentModel.DataAnnotations;

namespace MLOps.Server.Webhooks;

/// <summary>Webhook delivery settings (configuration section "Webhooks"), validated at start-up.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Delay before the second attempt; it doubles with every further attempt, up to <see cref="MaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound of the delay between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts (HTTP requests) per delivery before it is FAILED.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// How long one request may take to get response headers. A claimed delivery is leased for twice this,
    /// so it is attempted again only after the lease of a dispatcher that died mid-request has run out.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the queue is checked when nothing wakes the dispatcher sooner (new deliveries are announced by
    /// a PostgreSQL notification, and retries are waited for precisely, so this is the safety net).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries one replica has in flight at most (and claims in one statement).</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;
}
