using System.Text.Json;

namespace MLOps.Inference.Protocol;

/// <summary>Reads the request object around the tensors: id, parameters, inputs and requested outputs.</summary>
internal static class InferenceRequestReader
{
    /// <summary>Reads the request object.</summary>
    /// <param name="reader">The reader, before the object.</param>
    /// <param name="json">The JSON object's bytes, for data that comes before its shape.</param>
    /// <param name="binary">The bytes after the JSON object (binary tensor data extension), in input order.</param>
    /// <param name="binaryAllowed">Whether the transport said where the JSON ends, so that inputs may be binary.</param>
    public static InferenceRequest Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ReadOnlySpan<byte> binary, bool binaryAllowed)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid("The request must be a JSON object.");
        }

        string? id = null;
        List<InferInputTensor>? inputs = null;
        List<RequestedOutput>? outputs = null;
        IReadOnlyDictionary<string, JsonElement>? parameters = null;
        var binaryOffset = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                // An explicit null id is the same as no id: clients that serialize every field send it.
                id = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, "The request's 'id'");
            }
            else if (reader.ValueTextEquals("inputs"u8))
            {
                reader.Read();
                ExpectArray(ref reader, "The request's 'inputs'");
                inputs = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    inputs.Add(ReadInput(ref reader, json, inputs.Count, binary, binaryAllowed, ref binaryOffset));
                }
            }
            else if (reader.ValueTextEquals("outputs"u8))
            {
                reader.Read();
                ExpectArray(ref reader, "The request's 'outputs'");
                outputs = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    outputs.Add(ReadOutput(ref reader, outputs.Count));
                }
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                parameters = ReadParameters(ref reader, "The request's 'parameters'");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (inputs is null || inputs.Count == 0)
        {
            throw Invalid("The request has no 'inputs'; it needs at least one input tensor.");
        }

        if (binaryOffset != binary.Length)
        {
            throw Invalid(
                $"The request has {binary.Length} bytes after its JSON object, but its inputs' '{BinaryTensors.SizeParameter}' add up to {binaryOffset}.");
        }

        CheckUnique(inputs.Select(input => input.Name), "Input");
        CheckUnique((outputs ?? []).Select(output => output.Name), "Requested output");
        BinaryTensors.Flag(parameters, BinaryTensors.RequestOutputParameter, "The request");
        foreach (var output in outputs ?? [])
        {
            BinaryTensors.Flag(output.Parameters, BinaryTensors.OutputParameter, $"Requested output '{output.Name}'");
        }

        return new InferenceRequest(id, inputs, outputs, parameters);
    }

    public static IReadOnlyDictionary<string, JsonElement> ReadParameters(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid($"{what} must be a JSON object.");
        }

        var element = JsonElement.ParseValue(ref reader);
        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            parameters[property.Name] = property.Value;
        }

        return parameters;
    }

    private static InferInputTensor ReadInput(
        ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int index, ReadOnlySpan<byte> binary, bool binaryAllowed, ref int binaryOffset)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid($"Input #{index} must be a JSON object.");
        }

        string? name = null;
        string? datatype = null;
        long[]? shape = null;
        IReadOnlyDictionary<string, JsonElement>? parameters = null;
        TensorData? data = null;
        var dataStart = -1L;
        var dataEnd = -1L;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var label = name is null ? $"Input #{index}" : $"Input '{name}'";
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = ReadString(ref reader, $"{label}'s 'name'");
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                reader.Read();
                datatype = ReadString(ref reader, $"{label}'s 'datatype'");
                if (TensorDatatypes.ToElementType(datatype) is null)
                {
                    throw Invalid($"{label} has datatype '{datatype}'; the supported datatypes are {TensorDatatypes.Supported}.");
                }
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                reader.Read();
                shape = ReadShape(ref reader, label);
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                parameters = ReadParameters(ref reader, $"{label}'s 'parameters'");
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (name is not null && datatype is not null && shape is not null)
                {
                    data = TensorDataReader.Read(ref reader, name, datatype, shape);
                }
                else
                {
                    // The data came before the fields that say how to read it: remember where it is.
                    dataStart = reader.TokenStartIndex;
                    reader.Skip();
                    dataEnd = reader.BytesConsumed;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (name is null)
        {
            throw Invalid($"Input #{index} has no 'name'.");
        }

        if (shape is null)
        {
            throw Invalid($"Input '{name}' has no 'shape'.");
        }

        if (datatype is null)
        {
            throw Invalid($"Input '{name}' has no 'datatype'.");
        }

        if (BinaryTensors.DeclaredSize(parameters, name) is { } size)
        {
            if (data is not null || dataStart >= 0)
            {
                throw Invalid($"Input '{name}' has both 'data' and '{BinaryTensors.SizeParameter}'; send its values one way.");
            }

            if (!binaryAllowed)
            {
                throw Invalid(
                    $"Input '{name}' has '{BinaryTensors.SizeParameter}', but the request has no {BinaryTensors.HeaderLengthHeader} header to say where its JSON ends and the binary data starts.");
            }

            if (size > binary.Length - binaryOffset)
            {
                throw Invalid(
                    $"Input '{name}' declares {size} bytes of binary data, but only {binary.Length - binaryOffset} bytes are left after the JSON and the binary inputs before it.");
            }

            data = BinaryTensors.Read(binary.Slice(binaryOffset, size), name, datatype, shape);
            binaryOffset += size;
        }

        if (data is null && dataStart >= 0)
        {
            var dataReader = new Utf8JsonReader(json[(int)dataStart..(int)dataEnd]);
            dataReader.Read();
            data = TensorDataReader.Read(ref dataReader, name, datatype, shape);
        }

        return data is null
            ? throw Invalid($"Input '{name}' has no 'data' (nor '{BinaryTensors.SizeParameter}' for binary data).")
            : new InferInputTensor(name, shape, datatype, data, parameters);
    }

    private static RequestedOutput ReadOutput(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid($"Requested output #{index} must be a JSON object.");
        }

        string? name = null;
        IReadOnlyDictionary<string, JsonElement>? parameters = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                name = ReadString(ref reader, $"Requested output #{index}'s 'name'");
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                reader.Read();
                parameters = ReadParameters(ref reader, $"Requested output #{index}'s 'parameters'");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return name is null
            ? throw Invalid($"Requested output #{index} has no 'name'.")
            : new RequestedOutput(name, parameters);
    }

    private static long[] ReadShape(ref Utf8JsonReader reader, string label)
    {
        ExpectArray(ref reader, $"{label}'s 'shape'");
        var shape = new List<long>(4);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dimension) || dimension < 0)
            {
                throw Invalid($"{label} has a 'shape' that is not an array of non-negative integers.");
            }

            shape.Add(dimension);
        }

        if (TensorDatatypes.ElementCount(shape) < 0)
        {
            throw Invalid($"{label} has shape {TensorDatatypes.FormatShape(shape)}, which holds more values than a tensor can.");
        }

        return [.. shape];
    }

    private static string ReadString(ref Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Invalid($"{what} must be a string.");

    private static void ExpectArray(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Invalid($"{what} must be a JSON array.");
        }
    }

    private static void CheckUnique(IEnumerable<string> names, string kind)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                throw Invalid($"{kind} '{name}' appears more than once.");
            }
        }
    }

    private static InferenceRequestException Invalid(string message) => new(message);
}
