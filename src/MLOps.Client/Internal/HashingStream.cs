using System.Security.Cryptography;

namespace MLOps.Client.Internal;

/// <summary>
/// A read-only pass-through stream that hashes and counts what is read from the inner stream and reports progress,
/// so an upload is checked against the server's hash without reading the file twice. HttpClient disposes the
/// stream once sent, so the hash belongs to the caller and the inner stream to whoever opened it.
/// </summary>
internal sealed class HashingStream(Stream inner, IncrementalHash hash, long? totalBytes, IProgress<TransferProgress>? progress) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Count(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Count(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Count(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return;
        }

        hash.AppendData(bytes);
        BytesRead += bytes.Length;
        progress?.Report(new TransferProgress(BytesRead, totalBytes));
    }
}
