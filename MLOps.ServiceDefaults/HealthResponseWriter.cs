using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes a health report as JSON: the overall status and one entry per check, so an operator sees which
/// dependency failed. Exception details are left out on purpose: they can carry connection details.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var checks = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => new HealthEntry(entry.Value.Status.ToString(), entry.Value.Description, entry.Value.Duration.TotalMilliseconds));
        var body = new HealthBody(report.Status.ToString(), report.TotalDuration.TotalMilliseconds, checks);
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJsonContext.Default.HealthBody, context.RequestAborted);
    }
}

internal sealed record HealthBody(string Status, double DurationMs, Dictionary<string, HealthEntry> Checks);

internal sealed record HealthEntry(string Status, string? Description, double DurationMs);
