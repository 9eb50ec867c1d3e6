using System.Buffers;
using System.Text.Json;

namespace MLOps.Inference.Protocol;

/// <summary>
/// Reads Open Inference Protocol (KServe V2) REST inference requests and writes responses, straight from and
/// to UTF-8 with <see cref="Utf8JsonReader"/> and <see cref="Utf8JsonWriter"/>: no reflection on the hot path.
/// </summary>
public static class InferenceJsonCodec
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Reads and validates a request from its UTF-8 JSON body.</summary>
    /// <exception cref="InferenceRequestException">The JSON is malformed or the request is invalid.</exception>
    public static InferenceRequest ReadRequest(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            var request = InferenceRequestReader.Read(ref reader, utf8Json);
            if (reader.Read())
            {
                throw new InferenceRequestException($"The request has content after its JSON object, at byte {reader.TokenStartIndex}.");
            }

            return request;
        }
        catch (JsonException e)
        {
            throw new InferenceRequestException(
                $"The request is not valid JSON: the error is at byte {e.BytePositionInLine} of line {e.LineNumber + 1}.",
                InferenceRequestException.Validation,
                e);
        }
    }

    /// <summary>Reads a request body of at most <paramref name="maxBytes"/> bytes from a stream, then parses it.</summary>
    /// <exception cref="InferenceRequestException">
    /// The body is larger than the limit (code <c>LIMIT_EXCEEDED</c>), malformed or invalid.
    /// </exception>
    public static Task<InferenceRequest> ReadRequestAsync(Stream body, int maxBytes, CancellationToken cancellationToken = default) =>
        BoundedBody.ReadAsync(
            body,
            maxBytes,
            ReadRequest,
            () => new InferenceRequestException($"The request is larger than the limit of {maxBytes} bytes.", InferenceRequestException.LimitExceeded),
            cancellationToken);

    /// <summary>Writes a response as an Open Inference Protocol JSON object.</summary>
    public static void WriteResponse(Utf8JsonWriter writer, InferenceResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);
        writer.WriteStartObject();
        writer.WriteString("model_name", response.ModelName);
        if (response.ModelVersion is not null)
        {
            writer.WriteString("model_version", response.ModelVersion);
        }

        if (response.Id is not null)
        {
            writer.WriteString("id", response.Id);
        }

        WriteParameters(writer, response.Parameters);
        writer.WriteStartArray("outputs");
        foreach (var output in response.Outputs)
        {
            writer.WriteStartObject();
            writer.WriteString("name", output.Name);
            writer.WriteStartArray("shape");
            foreach (var dimension in output.Shape)
            {
                writer.WriteNumberValue(dimension);
            }

            writer.WriteEndArray();
            writer.WriteString("datatype", output.Datatype);
            WriteParameters(writer, output.Parameters);
            writer.WritePropertyName("data");
            TensorDataWriter.Write(writer, output.Data);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The response as UTF-8 JSON in one buffer, so a transport can send it with its length up front.</summary>
    public static ReadOnlyMemory<byte> SerializeResponse(InferenceResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteResponse(writer, response);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>Writes a response as an Open Inference Protocol JSON object to a stream, asynchronously.</summary>
    public static async Task WriteResponseAsync(Stream stream, InferenceResponse response, CancellationToken cancellationToken = default)
    {
        await using var writer = new Utf8JsonWriter(stream);
        WriteResponse(writer, response);
        await writer.FlushAsync(cancellationToken);
    }

    private static void WriteParameters(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement>? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("parameters");
        foreach (var (name, value) in parameters)
        {
            writer.WritePropertyName(name);
            value.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
