using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace MLOps.Shared;

/// <summary>
/// Tensor values as the binary tensor data extension carries them: little-endian, row-major, BOOL as one byte 0 or 1,
/// BYTES as each element's UTF-8 length (4 bytes) followed by its bytes. One file compiled into both the server's codec (MLOps.Inference) and the SDK (MLOps.Client), which
/// reference no common project.
/// </summary>
internal static class TensorBytes
{
    /// <summary>The bytes one value of the array's element type takes.</summary>
    /// <exception cref="InvalidOperationException">The elements have no fixed size (strings).</exception>
    public static int ElementSize(Array values) => values switch
    {
        bool[] or byte[] or sbyte[] => 1,
        Half[] or short[] or ushort[] => 2,
        float[] or int[] or uint[] => 4,
        double[] or long[] or ulong[] => 8,
        _ => throw new InvalidOperationException($"{values.GetType().Name} has no fixed element size."),
    };

    /// <summary>Writes the values' bytes; a true BOOL is written as 1 whatever byte the runtime holds for it.</summary>
    public static void Write(IBufferWriter<byte> writer, Array values)
    {
        if (values is string[] strings)
        {
            foreach (var value in strings)
            {
                var length = Encoding.UTF8.GetByteCount(value);
                var span = writer.GetSpan(4 + length);
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
                Encoding.UTF8.GetBytes(value, span[4..]);
                writer.Advance(4 + length);
            }

            return;
        }

        if (values is bool[] flags)
        {
            var bytes = writer.GetSpan(flags.Length);
            for (var i = 0; i < flags.Length; i++)
            {
                bytes[i] = flags[i] ? (byte)1 : (byte)0;
            }

            writer.Advance(flags.Length);
            return;
        }

        if (BitConverter.IsLittleEndian || ElementSize(values) == 1)
        {
            writer.Write(AsBytes(values));
            return;
        }

        var copy = (Array)values.Clone();
        ReverseEach(copy);
        writer.Write(AsBytes(copy));
    }

    /// <summary>Fills <paramref name="values"/> from exactly its size in bytes (the caller checked the length, and for BOOL the bytes).</summary>
    public static void Read(ReadOnlySpan<byte> bytes, Array values)
    {
        bytes.CopyTo(AsBytes(values));
        if (!BitConverter.IsLittleEndian && ElementSize(values) > 1)
        {
            ReverseEach(values);
        }
    }

    private static Span<byte> AsBytes(Array values) => MemoryMarshal.CreateSpan(
        ref MemoryMarshal.GetArrayDataReference(values), values.Length * ElementSize(values));

    private static void ReverseEach(Array values)
    {
        switch (values)
        {
            case Half[] halves:
                var bits = MemoryMarshal.Cast<Half, ushort>(halves.AsSpan());
                BinaryPrimitives.ReverseEndianness(bits, bits);
                break;
            case short[] shorts: BinaryPrimitives.ReverseEndianness(shorts, shorts); break;
            case ushort[] ushorts: BinaryPrimitives.ReverseEndianness(ushorts, ushorts); break;
            case int[] ints: BinaryPrimitives.ReverseEndianness(ints, ints); break;
            case uint[] uints: BinaryPrimitives.ReverseEndianness(uints, uints); break;
            case long[] longs: BinaryPrimitives.ReverseEndianness(longs, longs); break;
            case ulong[] ulongs: BinaryPrimitives.ReverseEndianness(ulongs, ulongs); break;
            case float[] floats:
                var words = MemoryMarshal.Cast<float, uint>(floats.AsSpan());
                BinaryPrimitives.ReverseEndianness(words, words);
                break;
            case double[] doubles:
                var quads = MemoryMarshal.Cast<double, ulong>(doubles.AsSpan());
                BinaryPrimitives.ReverseEndianness(quads, quads);
                break;
        }
    }
}
