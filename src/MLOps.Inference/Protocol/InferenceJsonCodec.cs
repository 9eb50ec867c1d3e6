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
    public static InferenceRequest ReadRequest(ReadOnlySpan<byte> utf8Json) => ReadRequest(utf8Json, headerLength: null);

    /// <summary>
    /// Reads and validates a request whose body is a JSON object of <paramref name="headerLength"/> bytes followed by
    /// binary tensor data (<see cref="BinaryTensors"/>); with no header length, the whole body is the JSON object.
    /// </summary>
    /// <exception cref="InferenceRequestException">The body is malformed or the request is invalid.</exception>
    public static InferenceRequest ReadRequest(ReadOnlySpan<byte> body, int? headerLength)
    {
        if (headerLength is < 0 || headerLength > body.Length)
        {
            throw new InferenceRequestException(
                $"The {BinaryTensors.HeaderLengthHeader} header says {headerLength} bytes of JSON, but the body has {body.Length} bytes.");
        }

        var utf8Json = headerLength is { } length ? body[..length] : body;
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        try
        {
            var request = InferenceRequestReader.Read(ref reader, utf8Json, body[utf8Json.Length..], headerLength is not null);
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
        ReadRequestAsync(body, maxBytes, headerLength: null, cancellationToken);

    /// <summary>
    /// Reads a request body of at most <paramref name="maxBytes"/> bytes, a JSON object of
    /// <paramref name="headerLength"/> bytes followed by binary tensor data when given, then parses it.
    /// </summary>
    /// <exception cref="InferenceRequestException">
    /// The body is larger than the limit (code <c>LIMIT_EXCEEDED</c>), malformed or invalid.
    /// </exception>
    public static Task<InferenceRequest> ReadRequestAsync(Stream body, int maxBytes, int? headerLength, CancellationToken cancellationToken = default) =>
        BoundedBody.ReadAsync(
            body,
            maxBytes,
            bytes => ReadRequest(bytes, headerLength),
            () => new InferenceRequestException($"The request is larger than the limit of {maxBytes} bytes.", InferenceRequestException.LimitExceeded),
            cancellationToken);

    /// <summary>Writes a response as an Open Inference Protocol JSON object.</summary>
    public static void WriteResponse(Utf8JsonWriter writer, InferenceResponse response) => WriteResponse(writer, response, binarySizes: null);

    // binarySizes[i] >= 0: output i travels in binary after the JSON object, with that many bytes.
    private static void WriteResponse(Utf8JsonWriter writer, InferenceResponse response, int[]? binarySizes)
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
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            var output = response.Outputs[i];
            var binarySize = binarySizes?[i] ?? -1;
            writer.WriteStartObject();
            writer.WriteString("name", output.Name);
            writer.WriteStartArray("shape");
            foreach (var dimension in output.Shape)
            {
                writer.WriteNumberValue(dimension);
            }

            writer.WriteEndArray();
            writer.WriteString("datatype", output.Datatype);
            WriteParameters(writer, output.Parameters, binarySize);
            if (binarySize < 0)
            {
                writer.WritePropertyName("data");
                TensorDataWriter.Write(writer, output.Data);
            }

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

    /// <summary>
    /// The response body for <paramref name="request"/> in one buffer: the JSON object alone, or, when the request
    /// asked for outputs in binary (<see cref="BinaryTensors"/>), the JSON object followed by those outputs' bytes,
    /// with the JSON object's length to send in the <see cref="BinaryTensors.HeaderLengthHeader"/> header.
    /// </summary>
    public static EncodedResponse EncodeResponse(InferenceResponse response, InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(request);
        var everyOutput = BinaryTensors.Flag(request.Parameters, BinaryTensors.RequestOutputParameter, "The request") ?? false;
        int[]? binarySizes = null;
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            var output = response.Outputs[i];
            var asked = request.Outputs?.FirstOrDefault(o => o.Name == output.Name);
            if (BinaryTensors.Flag(asked?.Parameters, BinaryTensors.OutputParameter, $"Requested output '{output.Name}'") ?? everyOutput)
            {
                binarySizes ??= [.. Enumerable.Repeat(-1, response.Outputs.Count)];
                binarySizes[i] = BinaryTensors.Size(output.Data);
            }
        }

        if (binarySizes is null)
        {
            return new EncodedResponse(SerializeResponse(response), null);
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteResponse(writer, response, binarySizes);
        }

        var headerLength = buffer.WrittenCount;
        for (var i = 0; i < response.Outputs.Count; i++)
        {
            if (binarySizes[i] >= 0)
            {
                BinaryTensors.Write(buffer, response.Outputs[i].Data);
            }
        }

        return new EncodedResponse(buffer.WrittenMemory, headerLength);
    }

    /// <summary>Writes a response as an Open Inference Protocol JSON object to a stream, asynchronously.</summary>
    public static async Task WriteResponseAsync(Stream stream, InferenceResponse response, CancellationToken cancellationToken = default)
    {
        await using var writer = new Utf8JsonWriter(stream);
        WriteResponse(writer, response);
        await writer.FlushAsync(cancellationToken);
    }

    private static readonly Dictionary<string, JsonElement> EmptyParameters = [];

    private static void WriteParameters(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement>? parameters, int binarySize = -1)
    {
        if ((parameters is null || parameters.Count == 0) && binarySize < 0)
        {
            return;
        }

        writer.WriteStartObject("parameters");
        foreach (var (name, value) in parameters ?? EmptyParameters)
        {
            if (binarySize < 0 || name != BinaryTensors.SizeParameter)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }

        if (binarySize >= 0)
        {
            writer.WriteNumber(BinaryTensors.SizeParameter, binarySize);
        }

        writer.WriteEndObject();
    }
}

/// <summary>An encoded inference response body.</summary>
/// <param name="Body">The bytes to send.</param>
/// <param name="HeaderLength">
/// The length of the JSON object at the start of <paramref name="Body"/> when binary outputs follow it (send it as
/// <see cref="BinaryTensors.HeaderLengthHeader"/>, with <see cref="BinaryTensors.ContentType"/>); null when the
/// body is JSON only.
/// </param>
public readonly record struct EncodedResponse(ReadOnlyMemory<byte> Body, int? HeaderLength);
