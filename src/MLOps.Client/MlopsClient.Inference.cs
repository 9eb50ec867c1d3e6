using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MLOps.Client.Internal;

namespace MLOps.Client;

public sealed partial class MlopsClient
{
    /// <summary>
    /// Runs an inference on a deployment (POST /v2/models/{deployment}/infer, the Open Inference Protocol), with the
    /// tensors in binary unless <see cref="MlopsClientOptions.BinaryTensors"/> is off.
    /// </summary>
    /// <exception cref="MlopsException">
    /// NOT_FOUND for an unknown deployment, VALIDATION when the inputs do not fit the model, INTERNAL when the answer cannot be read.
    /// </exception>
    public Task<InferenceResult> InferAsync(
        string deployment, IEnumerable<InferenceTensor> inputs, string? requestId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        return PostInferenceAsync($"v2/models/{Uri.EscapeDataString(deployment)}/infer", inputs, requestId, cancellationToken);
    }

    /// <summary>
    /// Runs an inference on one registered version (POST /v2/models/{model}/versions/{version}/infer), without a
    /// deployment, with the tensors in binary unless <see cref="MlopsClientOptions.BinaryTensors"/> is off.
    /// </summary>
    /// <exception cref="MlopsException">
    /// NOT_FOUND for an unknown model or version, VALIDATION when the inputs do not fit the model, INTERNAL when the answer cannot be read.
    /// </exception>
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
        var binary = Options.BinaryTensors;
        var body = EncodeRequest([.. inputs], requestId, binary, out var jsonLength);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(binary ? TensorBinary.ContentType : "application/json");
        if (binary)
        {
            request.Headers.Add(TensorBinary.HeaderLengthHeader, jsonLength.ToString(CultureInfo.InvariantCulture));
        }

        return await _http.SendForBytesAsync(request, ReadAnswer, cancellationToken);
    }

    /// <summary>
    /// The request body: the JSON object alone, or, in binary, the JSON object (of <paramref name="jsonLength"/>
    /// bytes) asking for binary outputs, followed by the inputs' bytes in input order.
    /// </summary>
    private static ReadOnlyMemory<byte> EncodeRequest(IReadOnlyList<InferenceTensor> inputs, string? requestId, bool binary, out int jsonLength)
    {
        var sizes = binary ? inputs.Select(input => TensorBinary.Size(input.Data, input.Name)).ToArray() : null;
        var body = new ArrayBufferWriter<byte>((int)Math.Min(Array.MaxLength, 1024L + (sizes?.Sum(size => (long)size) ?? 0)));
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            if (requestId is not null)
            {
                writer.WriteString("id", requestId);
            }

            if (binary)
            {
                writer.WriteStartObject("parameters");
                writer.WriteBoolean(TensorBinary.RequestOutputParameter, true);
                writer.WriteEndObject();
            }

            writer.WriteStartArray("inputs");
            for (var i = 0; i < inputs.Count; i++)
            {
                inputs[i].WriteTo(writer, sizes?[i]);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        jsonLength = body.WrittenCount;
        if (binary)
        {
            foreach (var input in inputs)
            {
                TensorBinary.Write(body, input.Data);
            }
        }

        return body.WrittenMemory;
    }

    /// <summary>
    /// Reads an answer whose body is a JSON object followed by binary outputs when it has the
    /// Inference-Header-Content-Length header, and a JSON object alone otherwise (a server may answer in JSON).
    /// </summary>
    private static InferenceResult ReadAnswer(HttpResponseMessage response, byte[] body)
    {
        try
        {
            var jsonLength = JsonLength(response, body.Length) ?? body.Length;
            using var document = JsonDocument.Parse(body.AsMemory(0, jsonLength));
            return InferenceResult.Read(document.RootElement, body.AsMemory(jsonLength));
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            throw Unreadable(e, response.StatusCode);
        }
    }

    /// <summary>The length the Inference-Header-Content-Length header gives the JSON object, or null when the answer has no such header.</summary>
    /// <exception cref="FormatException">The header is not a length within the body, or a binary answer lacks it.</exception>
    private static int? JsonLength(HttpResponseMessage response, int bodyLength)
    {
        if (!response.Headers.TryGetValues(TensorBinary.HeaderLengthHeader, out var values)
            && !response.Content.Headers.TryGetValues(TensorBinary.HeaderLengthHeader, out values))
        {
            return response.Content.Headers.ContentType?.MediaType == TensorBinary.ContentType
                ? throw new FormatException(
                    $"The answer is {TensorBinary.ContentType} but has no {TensorBinary.HeaderLengthHeader} header to give the length of its JSON object.")
                : null;
        }

        var texts = values.ToArray();
        return texts.Length == 1 && int.TryParse(texts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= bodyLength
            ? length
            : throw new FormatException(
                $"The {TensorBinary.HeaderLengthHeader} header is '{string.Join(", ", texts)}'; it should be the length of the JSON object at the start of the {bodyLength}-byte body.");
    }

    // What reading a malformed answer throws: a missing field, a value of the wrong kind, sizes that do not add up.
    private static bool IsUnreadable(Exception e) => e is FormatException or JsonException or InvalidOperationException;

    private static MlopsException Unreadable(Exception e, HttpStatusCode statusCode) =>
        new(MlopsErrorCodes.Internal, "The server's inference answer could not be read: " + e.Message, statusCode, e);
}
