using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MLOps.Api.Identity;
using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Tracking;
using MLOps.Storage.Artifacts;
using MLOps.Storage.Tracking;

namespace MLOps.Api.Apis;

/// <summary>
/// Tracking over REST, for volume: logBatch (the same call as the GraphQL mutation) and run artifacts (files
/// under a run's path, streamed into the content-addressed store). Everything else is in GraphQL.
/// </summary>
public static class TrackingApi
{
    /// <summary>Largest logBatch body: 1000 metrics, 100 params and 100 tags fit with room to spare.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    public static IEndpointRouteBuilder MapTrackingApi(this IEndpointRouteBuilder endpoints)
    {
        var runs = endpoints.MapGroup("/api/runs/{runId}");
        runs.MapPost("/batch", LogBatchAsync).RequireAuthorization(Roles.Contributor);
        runs.MapPut("/artifacts/{**path}", UploadAsync).RequireAuthorization(Roles.Contributor);
        runs.MapGet("/artifacts", ListAsync).RequireAuthorization(Roles.Reader);
        runs.MapGet("/artifacts/{**path}", DownloadAsync).RequireAuthorization(Roles.Reader);
        return endpoints;
    }

    /// <summary>POST /api/runs/{runId}/batch: {"batch_id", "metrics": [{key, value, step, timestamp}], "params", "tags"}.</summary>
    private static async Task LogBatchAsync(HttpContext context, string runId, IGrainFactory grains, TimeProvider time)
    {
        RequestBodyLimit.AllowOnePast(context, MaxBatchBytes);

        try
        {
            var id = ParseRunId(runId);

            // Refused before a byte of the body is read: a client that sent Expect: 100-continue (curl does for
            // large bodies) gets this answer without uploading the body at all.
            if (context.Request.ContentLength > MaxBatchBytes)
            {
                await ApiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.LimitExceeded,
                    $"A batch body is at most {MaxBatchBytes} bytes; split it into several batches.");
                return;
            }

            var batch = await RunBatchJson.ReadAsync(context.Request.Body, MaxBatchBytes, time.GetUtcNow(), context.RequestAborted);
            var outcome = await grains.GetGrain<IRunGrain>(id).LogBatchAsync(context.User.ToCaller(), batch);
            await context.Response.WriteAsJsonAsync(
                new { applied = outcome.Applied, metrics = outcome.Metrics, @params = outcome.Params, tags = outcome.Tags }, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, ErrorCodes.LimitExceeded,
                $"A batch body is at most {MaxBatchBytes} bytes; split it into several batches.");
        }
        catch (MLOpsException e)
        {
            await ApiErrors.WriteAsync(context, e);
        }
    }

    /// <summary>PUT /api/runs/{runId}/artifacts/{path}: the body becomes the file at that path under the run.</summary>
    private static async Task UploadAsync(HttpContext context, string runId, string path, IGrainFactory grains, ArtifactStore store)
    {
        RequestBodyLimit.Lift(context);

        try
        {
            var id = ParseRunId(runId);
            RunArtifactPaths.Check(path);
            var run = grains.GetGrain<IRunGrain>(id);
            if (!await run.ExistsAsync())
            {
                throw MLOpsException.NotFound($"No run has the id {runId}.");
            }

            var expected = context.Request.Headers[ArtifactsApi.ExpectedHashHeader].FirstOrDefault();
            var stored = await store.PutAsync(context.Request.Body, context.Request.ContentType, expected, context.RequestAborted);
            await run.AddArtifactAsync(context.User.ToCaller(), path, stored.Sha256, stored.SizeBytes);
            context.Response.StatusCode = StatusCodes.Status201Created;
            await context.Response.WriteAsJsonAsync(new { path, sha256 = stored.Sha256, sizeBytes = stored.SizeBytes }, context.RequestAborted);
        }
        catch (MLOpsException e)
        {
            await ApiErrors.WriteAsync(context, e);
        }
    }

    /// <summary>GET /api/runs/{runId}/artifacts?prefix=folder: the files under the run (or under a folder of it).</summary>
    private static async Task ListAsync(HttpContext context, string runId, TrackingStore tracking)
    {
        try
        {
            var files = await tracking.ListArtifactsAsync(ParseRunId(runId), context.Request.Query["prefix"].FirstOrDefault(), context.RequestAborted);
            await context.Response.WriteAsJsonAsync(
                new { files = files.Select(f => new { path = f.Path, sha256 = f.Sha256, sizeBytes = f.SizeBytes, createdAt = f.CreatedAt }) },
                context.RequestAborted);
        }
        catch (MLOpsException e)
        {
            await ApiErrors.WriteAsync(context, e);
        }
    }

    /// <summary>GET /api/runs/{runId}/artifacts/{path}: the file's bytes.</summary>
    private static async Task DownloadAsync(HttpContext context, string runId, string path, TrackingStore tracking, ArtifactStore store)
    {
        try
        {
            var file = await tracking.GetArtifactAsync(ParseRunId(runId), path, context.RequestAborted)
                ?? throw MLOpsException.NotFound($"Run {runId} has no artifact '{path}'.");
            await using var download = await store.OpenReadAsync(file.Sha256, 0, null, context.RequestAborted)
                ?? throw MLOpsException.NotFound($"The content of '{path}' is missing from the artifact store.");
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = file.SizeBytes;
            context.Response.Headers.ETag = "\"" + file.Sha256 + "\"";
            await download.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (MLOpsException e)
        {
            await ApiErrors.WriteAsync(context, e);
        }
    }

    /// <summary>A run id: 32 hex digits, with or without dashes.</summary>
    public static Guid ParseRunId(string runId) =>
        Guid.TryParse(runId, out var id) ? id : throw MLOpsException.Invalid($"'{runId}' is not a run id (32 hex digits).");
}
