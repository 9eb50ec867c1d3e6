using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MLOps.Shared;

namespace MLOps.Inference.Protocol;

/// <summary>
/// The binary tensor data extension of the Open Inference Protocol's REST form (as Triton and KServe define it):
/// a tensor's values travel after the JSON object as raw little-endian, row-major bytes; BOOL as one byte 0 or 1,
/// BYTES as each element's length (4 bytes, little-endian) followed by its bytes. The JSON object's length is
/// given by the <see cref="HeaderLengthHeader"/> HTTP header; an input says it is binary with
/// <see cref="SizeParameter"/>, and an output is asked for in binary with <see cref="OutputParameter"/> (or every
/// output with <see cref="RequestOutputParameter"/>).
/// </summary>
public static class BinaryTensors
{
    /// <summary>The HTTP header that gives the length of the JSON object at the start of the body.</summary>
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    /// <summary>The extension's name in the server metadata's <c>extensions</c>.</summary>
    public const string ExtensionName = "binary_tensor_data";

    /// <summary>The input and output parameter that gives a binary tensor's size in bytes.</summary>
    public const string SizeParameter = "binary_data_size";

    /// <summary>The requested output's parameter that asks for that output in binary.</summary>
    public const string OutputParameter = "binary_data";

    /// <summary>The request's parameter that asks for every output in binary unless an output says otherwise.</summary>
    public const string RequestOutputParameter = "binary_data_output";

    /// <summary>The content type of a response that carries binary outputs.</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>The size in bytes an input declares with <see cref="SizeParameter"/>, or null when it declares none.</summary>
    internal static int? DeclaredSize(IReadOnlyDictionary<string, JsonElement>? parameters, string name)
    {
        if (parameters is null || !parameters.TryGetValue(SizeParameter, out var size))
        {
            return null;
        }

        return size.ValueKind == JsonValueKind.Number && size.TryGetInt32(out var bytes) && bytes >= 0
            ? bytes
            : throw new InferenceRequestException($"Input '{name}' has a '{SizeParameter}' that is not a non-negative integer below 2^31.");
    }

    /// <summary>A boolean parameter's value, null when absent; anything but true or false is the caller's error.</summary>
    internal static bool? Flag(IReadOnlyDictionary<string, JsonElement>? parameters, string parameter, string what) =>
        parameters is null || !parameters.TryGetValue(parameter, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InferenceRequestException($"{what} has a '{parameter}' parameter that is not true or false."),
        };

    /// <summary>Reads an input's values from its binary bytes, checking them against the datatype and shape.</summary>
    internal static TensorData Read(ReadOnlySpan<byte> bytes, string name, string datatype, long[] shape)
    {
        var count = (int)TensorDatatypes.ElementCount(shape);
        if (datatype == TensorDatatypes.Bytes)
        {
            return new TensorData(ReadStrings(bytes, name, shape, count));
        }

        var values = TensorDatatypes.Allocate(datatype, count);
        var width = TensorBytes.ElementSize(values);
        if ((long)count * width != bytes.Length)
        {
            throw new InferenceRequestException(
                $"Input '{name}' has {bytes.Length} bytes of binary data, but {count} {datatype} values (shape {TensorDatatypes.FormatShape(shape)}) take {(long)count * width}.");
        }

        if (values is bool[])
        {
            var invalid = bytes.IndexOfAnyExcept((byte)0, (byte)1);
            if (invalid >= 0)
            {
                throw new InferenceRequestException($"Input '{name}' value #{invalid} is the byte {bytes[invalid]}; binary BOOL values are 0 or 1.");
            }
        }

        TensorBytes.Read(bytes, values);
        return new TensorData(values);
    }

    /// <summary>The number of bytes <see cref="Write"/> writes for these values.</summary>
    internal static int Size(TensorData data)
    {
        if (data.Values is string[] strings)
        {
            long total = 0;
            foreach (var value in strings)
            {
                total += 4 + Encoding.UTF8.GetByteCount(value);
            }

            return total <= int.MaxValue ? (int)total : throw new InvalidOperationException("The output is too large to send in binary.");
        }

        return data.Length * TensorBytes.ElementSize(data.Values);
    }

    /// <summary>Writes the values as the extension's binary bytes.</summary>
    internal static void Write(IBufferWriter<byte> writer, TensorData data) => TensorBytes.Write(writer, data.Values);

    private static string[] ReadStrings(ReadOnlySpan<byte> bytes, string name, long[] shape, int count)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var values = new string[count];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length - offset < 4)
            {
                throw new InferenceRequestException(
                    $"Input '{name}' has binary data that ends before element #{i} of {count} (shape {TensorDatatypes.FormatShape(shape)}); each BYTES element is a 4-byte length and its bytes.");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
            offset += 4;
            if (length > (uint)(bytes.Length - offset))
            {
                throw new InferenceRequestException(
                    $"Input '{name}' element #{i} says it is {length} bytes long, but only {bytes.Length - offset} bytes of its binary data are left.");
            }

            try
            {
                values[i] = strict.GetString(bytes.Slice(offset, (int)length));
            }
            catch (DecoderFallbackException)
            {
                throw new InferenceRequestException($"Input '{name}' element #{i} is not valid UTF-8; BYTES values reach ONNX Runtime as UTF-8 strings.");
            }

            offset += (int)length;
        }

        return offset == bytes.Length
            ? values
            : throw new InferenceRequestException(
                $"Input '{name}' has {bytes.Length - offset} bytes of binary data left after its {count} BYTES elements (shape {TensorDatatypes.FormatShape(shape)}).");
    }
}
