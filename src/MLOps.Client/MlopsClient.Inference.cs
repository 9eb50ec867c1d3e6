using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    /// <summary>Runs an inference on a deployment (POST /v2/models/{deployment}/infer, the Open Inference Protocol).</summary>
    /// <exception cref="MlopsException">NOT_FOUND for an unknown deployment, VALIDATION when the inputs do not fit the model.</exception>
    public Task<InferenceResult> InferAsync(
        string deployment, IEnumerable<InferenceTensor> inputs, string? requestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        return PostInferenceAsync($"v2/models/{Uri.EscapeDataString(deployment)}/infer", inputs, requestId, cancellationToken);
    }

    /// <summary>Runs an inference on one registered version (POST /v2/models/{model}/versions/{version}/infer), without a deployment.</summary>
    public Task<InferenceResult> InferAsync(
        string modelName, int version, IEnumerable<InferenceTensor> inputs, string? requestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        return PostInferenceAsync(
            $"v2/models/{Uri.EscapeDataString(modelName)}/versions/{version.ToString(CultureInfo.InvariantCulture)}/infer", inputs, requestId, cancellationToken);
    }

    private async Task<InferenceResult> PostInferenceAsync(string uri, IEnumerable<InferenceTensor> inputs, string? requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var body = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            if (requestId is not null)
            {
                writer.WriteString("id", requestId);
            }

            writer.WriteStartArray("inputs");
            foreach (var input in inputs)
            {
                input.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(body.WrittenMemory) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var answer = await _http.SendForJsonAsync(request, cancellationToken);
        try
        {
            return InferenceResult.Read(answer);
        }
        catch (FormatException e)
        {
            throw new MlopsException(MlopsErrorCodes.Internal, "The server's inference answer could not be read: " + e.Message, null, e);
        }
    }
}
