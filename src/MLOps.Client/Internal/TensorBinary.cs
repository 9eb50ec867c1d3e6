using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MLOps.Shared;

namespace MLOps.Client.Internal;

/// <summary>
/// Reads and writes tensor data in the binary tensor data extension of the Open Inference Protocol: raw
/// little-endian, row-major values; BOOL one byte 0 or 1; BYTES each element's UTF-8 length (4 bytes,
/// little-endian) followed by its bytes.
/// </summary>
internal static class TensorBinary
{
    /// <summary>The HTTP header that gives the length of the JSON object at the start of the body.</summary>
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    /// <summary>The content type of a body that carries binary tensors after its JSON object.</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>The tensor parameter that gives a binary tensor's size in bytes.</summary>
    public const string SizeParameter = "binary_data_size";

    /// <summary>The request parameter that asks for every output in binary.</summary>
    public const string RequestOutputParameter = "binary_data_output";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The number of bytes <see cref="Write"/> writes for these values.</summary>
    /// <exception cref="ArgumentException">The values take 2 GB or more.</exception>
    public static int Size(Array data, string name)
    {
        var size = data is string[] strings
            ? strings.Sum(value => 4L + Encoding.UTF8.GetByteCount(value))
            : (long)data.Length * TensorBytes.ElementSize(data);
        return size <= Array.MaxLength
            ? (int)size
            : throw new ArgumentException($"Tensor '{name}' takes {size} bytes; a request cannot carry 2 GB or more.", nameof(data));
    }

    /// <summary>Writes the values as the extension's bytes.</summary>
    public static void Write(IBufferWriter<byte> writer, Array data) => TensorBytes.Write(writer, data);

    /// <summary>Reads every value in <paramref name="bytes"/> as <paramref name="datatype"/>; the caller checks the count against the shape.</summary>
    /// <exception cref="FormatException">The datatype is unknown, or the bytes are not values of it.</exception>
    public static Array Read(ReadOnlySpan<byte> bytes, string datatype, string name)
    {
        var elementType = TensorDatatypes.ElementType(datatype)
            ?? throw new FormatException($"Tensor '{name}' has datatype '{datatype}'; supported: {TensorDatatypes.Supported}.");
        if (elementType == typeof(string))
        {
            return ReadStrings(bytes, name);
        }

        var values = Array.CreateInstance(elementType, 0);
        var width = TensorBytes.ElementSize(values);
        if (bytes.Length % width != 0)
        {
            throw new FormatException($"Tensor '{name}' has {bytes.Length} bytes of binary data, not a whole number of {width}-byte {datatype} values.");
        }

        if (values is bool[] && bytes.IndexOfAnyExcept((byte)0, (byte)1) is var invalid and >= 0)
        {
            throw new FormatException($"Tensor '{name}' value #{invalid} is the byte {bytes[invalid]}; binary BOOL values are 0 or 1.");
        }

        values = Array.CreateInstance(elementType, bytes.Length / width);
        TensorBytes.Read(bytes, values);
        return values;
    }

    private static string[] ReadStrings(ReadOnlySpan<byte> bytes, string name)
    {
        var values = new List<string>();
        while (!bytes.IsEmpty)
        {
            if (bytes.Length < 4)
            {
                throw new FormatException(
                    $"Tensor '{name}' has {bytes.Length} bytes of binary data left after its {values.Count} elements; each BYTES element is a 4-byte length and its bytes.");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            bytes = bytes[4..];
            if (length > (uint)bytes.Length)
            {
                throw new FormatException(
                    $"Tensor '{name}' element #{values.Count} says it is {length} bytes long, but only {bytes.Length} bytes of its binary data are left.");
            }

            try
            {
                values.Add(StrictUtf8.GetString(bytes[..(int)length]));
            }
            catch (DecoderFallbackException e)
            {
                throw new FormatException($"Tensor '{name}' element #{values.Count} is not valid UTF-8.", e);
            }

            bytes = bytes[(int)length..];
        }

        return [.. values];
    }
}
