using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MLOps.Api.Monitoring;
using MLOps.Api.Serving;
using MLOps.Contracts;
using MLOps.Contracts.Identity;
using MLOps.Contracts.Registry;
using MLOps.Inference.Protocol;
using MLOps.Storage.Registry;

namespace MLOps.Api.Apis;

/// <summary>
/// The Open Inference Protocol (KServe V2) REST endpoints. /v2/models/{model}/versions/{n} addresses a
/// registered version directly; /v2/models/{name} without a version will address a deployment. Request
/// handling lives in MLOps.Inference and is independent of this transport.
/// </summary>
public static class InferenceApi
{
    public const int MaxRequestBytes = 64 * 1024 * 1024;

    private static readonly string ServerVersion =
        typeof(InferenceApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder endpoints)
    {
        var v2 = endpoints.MapGroup("/v2").RequireAuthorization(Roles.Reader);
        v2.MapGet("/", () => Results.Json(new { name = "mlops", version = ServerVersion, extensions = new[] { BinaryTensors.ExtensionName } }));
        v2.MapGet("/health/live", () => Results.Json(new { live = true })).AllowAnonymous();
        v2.MapGet("/health/ready", () => Results.Json(new { ready = true })).AllowAnonymous();
        v2.MapGet("/models/{name}", DeploymentMetadataAsync);
        v2.MapGet("/models/{name}/ready", DeploymentReadyAsync);
        v2.MapPost("/models/{name}/infer", DeploymentInferAsync);
        v2.MapGet("/models/{name}/versions/{version}", MetadataAsync);
        v2.MapGet("/models/{name}/versions/{version}/ready", ReadyAsync);
        v2.MapPost("/models/{name}/versions/{version}/infer", InferAsync);
        return endpoints;
    }

    private static async Task MetadataAsync(HttpContext context, string name, string version, VersionDirectory versions, ServedModels models)
    {
        var found = await ResolveAsync(context, name, version, versions);
        if (found is null)
        {
            return;
        }

        var served = await models.GetAsync(found.ArtifactSha256, context.RequestAborted);
        await context.Response.WriteAsJsonAsync(new
        {
            name,
            versions = new[] { found.Version.ToString(CultureInfo.InvariantCulture) },
            platform = "onnx",
            inputs = served.Session.Inputs.Select(i => new { name = i.Name, datatype = i.ElementType, shape = i.Shape }),
            outputs = served.Session.Outputs.Select(o => new { name = o.Name, datatype = o.ElementType, shape = o.Shape }),
        }, context.RequestAborted);
    }

    private static async Task ReadyAsync(HttpContext context, string name, string version, VersionDirectory versions, ServedModels models)
    {
        var found = await ResolveAsync(context, name, version, versions);
        if (found is not null)
        {
            await models.GetAsync(found.ArtifactSha256, context.RequestAborted);
            await context.Response.WriteAsJsonAsync(new { name, ready = true }, context.RequestAborted);
        }
    }

    private static async Task InferAsync(
        HttpContext context, string name, string version, VersionDirectory versions, ServedModels models, TimeProvider time, ServingTelemetry telemetry)
    {
        var found = await ResolveAsync(context, name, version, versions);
        if (found is null)
        {
            return;
        }

        var number = found.Version.ToString(CultureInfo.InvariantCulture);
        await ServeAsync(context, name, number, telemetry, async request =>
        {
            var served = await models.GetAsync(found.ArtifactSha256, context.RequestAborted);
            return await served.InferAsync(request, name, number, time.GetUtcNow(), context.RequestAborted);
        });
    }

    /// <summary>Reads the request, runs it, writes the response or the 4xx, and records metrics and the span.</summary>
    private static async Task ServeAsync(
        HttpContext context, string name, string? version, ServingTelemetry telemetry, Func<InferenceRequest, Task<InferenceResponse>> infer)
    {
        RequestBodyLimit.AllowOnePast(context, MaxRequestBytes);

        using var activity = ServingTelemetry.StartRequest(name, version);
        var started = Stopwatch.GetTimestamp();
        long rows = 0;
        var success = false;
        try
        {
            var request = await InferenceJsonCodec.ReadRequestAsync(
                context.Request.Body, MaxRequestBytes, HeaderLength(context.Request), context.RequestAborted);
            rows = request.Inputs.Count > 0 && request.Inputs[0].Shape.Length > 0 ? request.Inputs[0].Shape[0] : 1;
            var response = await infer(request);
            activity?.SetTag("mlops.model.version", response.ModelVersion);
            // One write with Content-Length rather than a chunked stream: cheaper for both ends.
            var (body, headerLength) = InferenceJsonCodec.EncodeResponse(response, request);
            if (headerLength is { } length)
            {
                context.Response.Headers[BinaryTensors.HeaderLengthHeader] = length.ToString(CultureInfo.InvariantCulture);
            }

            context.Response.ContentType = headerLength is null ? "application/json" : BinaryTensors.ContentType;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
            success = true;
        }
        catch (InferenceRequestException e)
        {
            var status = e.Code == InferenceRequestException.LimitExceeded ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest;
            await ApiErrors.WriteAsync(context, status, e.Code, e.Message);
        }
        finally
        {
            telemetry.Record(activity, name, version, success, rows, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The binary tensor data extension's JSON length, from its header; null when the body is all JSON.</summary>
    private static int? HeaderLength(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(BinaryTensors.HeaderLengthHeader, out var values))
        {
            return null;
        }

        return values.Count == 1 && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw new InferenceRequestException(
                $"The {BinaryTensors.HeaderLengthHeader} header is '{values}'; it must be one non-negative integer, the length in bytes of the JSON object that starts the body.");
    }

    private static async Task DeploymentMetadataAsync(HttpContext context, string name, RouteTable routes)
    {
        if (await FindDeploymentAsync(context, name, routes) is not { } deployment)
        {
            return;
        }

        var session = deployment.Primary[0].Model.Session;
        await context.Response.WriteAsJsonAsync(new
        {
            name,
            versions = deployment.Primary.Select(r => r.Version.ToString(CultureInfo.InvariantCulture)).Distinct(),
            platform = "onnx",
            inputs = session.Inputs.Select(i => new { name = i.Name, datatype = i.ElementType, shape = i.Shape }),
            outputs = session.Outputs.Select(o => new { name = o.Name, datatype = o.ElementType, shape = o.Shape }),
        }, context.RequestAborted);
    }

    private static async Task DeploymentReadyAsync(HttpContext context, string name, RouteTable routes)
    {
        if (await FindDeploymentAsync(context, name, routes) is not null)
        {
            await context.Response.WriteAsJsonAsync(new { name, ready = true }, context.RequestAborted);
        }
    }

    private static async Task DeploymentInferAsync(
        HttpContext context, string name, RouteTable routes, TimeProvider time, ShadowRunner shadows, ServingTelemetry telemetry, PredictionLogger predictions)
    {
        if (await FindDeploymentAsync(context, name, routes) is not { } deployment)
        {
            return;
        }

        // A monitored prediction is folded and offered to the prediction log by the batcher after the run, once its
        // caller has the answer (see IRunFollowUp); a refused request is counted as failed after its 4xx is written.
        MonitoredRun? monitored = null;
        var refused = false;
        await ServeAsync(context, name, null, telemetry, async request =>
        {
            var key = context.Request.Headers["X-Routing-Key"].FirstOrDefault()
                ?? (request.Parameters?.TryGetValue("routing_key", out var value) == true && value.ValueKind == JsonValueKind.String ? value.GetString() : null);
            var route = deployment.Pick(key);
            foreach (var shadow in deployment.Shadows)
            {
                shadows.Start(name, shadow, request);
            }

            var now = time.GetUtcNow();
            if (route.Monitor is not { } monitor)
            {
                return await route.Model.InferAsync(request, name, route.Version.ToString(CultureInfo.InvariantCulture), now, context.RequestAborted);
            }

            // A monitored prediction needs an id for its label to find it later: the response echoes it.
            var serverId = request.Id is null;
            request = serverId ? request with { Id = Guid.CreateVersion7().ToString("N") } : request;
            monitored = new MonitoredRun(monitor, predictions, request, now, serverId);
            try
            {
                return await route.Model.InferAsync(request, name, route.Version.ToString(CultureInfo.InvariantCulture), now, context.RequestAborted, monitored);
            }
            catch (InferenceRequestException)
            {
                refused = true;
                throw;
            }
        });

        if (refused)
        {
            monitored?.AfterRun(null);
        }
    }

    private static async Task<DeploymentRoutes?> FindDeploymentAsync(HttpContext context, string name, RouteTable routes)
    {
        var deployment = routes.Find(name);
        if (deployment is null)
        {
            await NoDeploymentAsync(context, name);
        }

        return deployment;
    }

    /// <summary>The READY version named by the route, or null after writing the 4xx that says why.</summary>
    private static async Task<ModelVersionRecord?> ResolveAsync(HttpContext context, string name, string version, VersionDirectory versions)
    {
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.Validation,
                $"'{version}' is not a version number; versions are 1, 2, 3, ...");
            return null;
        }

        var found = await versions.FindAsync(name, number, context.RequestAborted);
        if (found is null)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Model '{name}' has no version {number}.");
            return null;
        }

        if (found.Status != VersionStatus.Ready)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status409Conflict, ErrorCodes.Conflict,
                $"Version {number} of '{name}' is {found.Status}{(found.StatusMessage is null ? string.Empty : ": " + found.StatusMessage)}; only READY versions are served.");
            return null;
        }

        return found;
    }

    private static Task NoDeploymentAsync(HttpContext context, string name) =>
        ApiErrors.WriteAsync(context, StatusCodes.Status404NotFound, ErrorCodes.NotFound,
            $"No deployment is named '{name}'. To call a registered model directly, use /v2/models/{{model}}/versions/{{number}}.");

}
