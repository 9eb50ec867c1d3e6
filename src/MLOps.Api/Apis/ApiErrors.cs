using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MLOps.Api.Apis;

/// <summary>The REST error body: {"error": "a sentence", "code": "CODE"}.</summary>
public static class ApiErrors
{
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
