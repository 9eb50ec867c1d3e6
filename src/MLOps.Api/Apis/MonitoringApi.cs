using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MLOps.Api.Identity;
using MLOps.Api.Monitoring;
using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Storage.Monitoring;

namespace MLOps.Api.Apis;

/// <summary>
/// Monitoring over REST, for volume: reference datasets (CSV, Parquet or JSON rows) to profile for a model
/// version, and label feedback for a deployment's predictions. Everything else is in GraphQL.
/// </summary>
public static class MonitoringApi
{
    /// <summary>Largest reference dataset upload.</summary>
    public const long MaxReferenceBytes = 512L * 1024 * 1024;

    /// <summary>Largest feedback body: 10000 labels fit with room to spare.</summary>
    public const int MaxFeedbackBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPut("/api/models/{name}/versions/{version}/reference", ProfileAsync).RequireAuthorization(Roles.Contributor);
        endpoints.MapGet("/api/models/{name}/versions/{version}/reference", GetAsync).RequireAuthorization(Roles.Reader);
        endpoints.MapPost("/api/deployments/{name}/feedback", FeedbackAsync).RequireAuthorization(Roles.Contributor);
        return endpoints;
    }

    /// <summary>PUT .../reference: the body is the dataset; Content-Type text/csv, application/vnd.apache.parquet or application/json.</summary>
    private static async Task ProfileAsync(HttpContext context, string name, string version, ReferenceProfiler profiler)
    {
        RequestBodyLimit.AllowOnePast(context, MaxReferenceBytes);

        try
        {
            var number = ParseVersion(version);
            var format = ReferenceFormats.FromContentType(context.Request.ContentType)
                ?? throw MLOpsException.Invalid("Send the reference dataset with Content-Type text/csv, application/vnd.apache.parquet or application/json.");
            if (context.Request.ContentLength > MaxReferenceBytes)
            {
                await ReferenceTooLargeAsync(context);
                return;
            }

            var categorical = context.Request.Query["categorical"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

            // Parquet readers seek (the footer comes last), so that body is spooled to a temporary file first.
            await using var body = format == ReferenceFormats.Parquet ? await SpoolAsync(context.Request.Body, context.RequestAborted) : context.Request.Body;
            var view = await profiler.ProfileAsync(name, number, format, body, categorical, context.User.ToCaller().Name, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(view, MonitoringJson.Options, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ReferenceTooLargeAsync(context);
        }
        catch (MLOpsException e)
        {
            await ApiErrors.WriteAsync(context, e);
        }
    }

    private static async Task GetAsync(HttpContext context, string name, string version, ReferenceProfileStore links, ReferenceProfiles profiles)
    {
        try
        {
            var number = ParseVersion(version);
            var link = await links.GetAsync(name, number, context.RequestAborted)
                ?? throw MLOpsException.NotFound($"Version {number} of '{name}' has no reference profile; PUT a dataset to this URL to make one.");
            var profile = await profiles.GetAsync(name, number, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(
                new ReferenceProfileView(name, number, link.ArtifactSha256, link.SourceFormat, link.CreatedAt, link.CreatedBy, profile!.Value.Profile.Summarize()),
                MonitoringJson.Options, context.RequestAborted);
        }
        catch (MLOpsException e)
        {
            await ApiErrors.WriteAsync(context, e);
        }
    }

    /// <summary>POST /api/deployments/{name}/feedback: [{"id", "row"?, "label" | "value"}] or {"labels": [...]}.</summary>
    private static async Task FeedbackAsync(HttpContext context, string name, FeedbackService feedback)
    {
        RequestBodyLimit.AllowOnePast(context, MaxFeedbackBytes);

        try
        {
            if (context.Request.ContentLength > MaxFeedbackBytes)
            {
                await FeedbackTooLargeAsync(context);
                return;
            }

            var labels = await FeedbackJson.ReadAsync(context.Request.Body, context.RequestAborted);
            var outcome = await feedback.SubmitAsync(name, labels, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new { matched = outcome.Matched, unknown = outcome.Unknown }, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await FeedbackTooLargeAsync(context);
        }
        catch (JsonException e)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.Validation,
                $"The feedback body is not valid JSON ({e.Message}); send [{{\"id\": \"...\", \"label\": \"...\"}}].");
        }
        catch (MLOpsException e)
        {
            await ApiErrors.WriteAsync(context, e);
        }
    }

    // Body sizes are refused with 413 here, by Content-Length or by Kestrel's limit; a count over its limit
    // (labels per call) is a LIMIT_EXCEEDED 400, as logBatch's counts are.
    private static Task ReferenceTooLargeAsync(HttpContext context) =>
        ApiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.LimitExceeded,
            $"A reference dataset is at most {MaxReferenceBytes / (1024 * 1024)} MB; sample it down.");

    private static Task FeedbackTooLargeAsync(HttpContext context) =>
        ApiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.LimitExceeded,
            $"A feedback body is at most {MaxFeedbackBytes} bytes; split it.");

    private static int ParseVersion(string version) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1
            ? number
            : throw MLOpsException.Invalid($"'{version}' is not a version number; versions are 1, 2, 3, ...");

    private static async Task<Stream> SpoolAsync(Stream body, CancellationToken ct)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await body.CopyToAsync(file, ct);
        file.Position = 0;
        return file;
    }
}
