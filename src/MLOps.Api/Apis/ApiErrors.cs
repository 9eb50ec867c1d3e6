using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MLOps.Api.Apis;

/// <summary>The REST error body: {"error": "a sentence", "code": "CODE"}.</summary>
public static class ApiErrors
{
    /// <summary>The HTTP status for an error code: 400, 401, 403, 404 or 409.</summary>
    public static int StatusOf(string code) => code switch
    {
        MLOps.Contracts.ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        MLOps.Contracts.ErrorCodes.Conflict => StatusCodes.Status409Conflict,
        MLOps.Contracts.ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        MLOps.Contracts.ErrorCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Writes a coded platform error with its status.</summary>
    public static Task WriteAsync(HttpContext context, MLOps.Contracts.MLOpsException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return WriteAsync(context, StatusOf(error.Code), error.Code, error.Message);
    }

    public static async Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, string> { ["error"] = message, ["code"] = code }, cancellationToken: context.RequestAborted);
    }
}
