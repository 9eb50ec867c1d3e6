using System.Buffers;

namespace MLOps.Inference.Protocol;

/// <summary>
/// Reads a request body of at most a given size into a pooled buffer and parses it from there: the body is
/// read once, never grows past the limit plus one byte, and the buffer goes back to the pool afterwards.
/// </summary>
public static class BoundedBody
{
    /// <summary>Parses a whole body from its bytes.</summary>
    public delegate T Parser<out T>(ReadOnlySpan<byte> body);

    /// <summary>Reads the stream to its end and parses it; throws <paramref name="tooLarge"/>'s exception past the limit.</summary>
    public static async Task<T> ReadAsync<T>(Stream body, int maxBytes, Parser<T> parse, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(tooLarge);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes, 64 * 1024) + 1);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    throw tooLarge();
                }
            }

            return parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
