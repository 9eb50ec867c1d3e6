namespace MLOps.Monitoring.Datasets;

/// <summary>
/// A <see cref="TextReader"/> that replays characters already read from another reader before continuing with
/// it, so a reader can look at the start of a stream that cannot seek and still hand the whole text on.
/// </summary>
internal sealed class PrefixedTextReader(char[] prefix, int prefixLength, TextReader inner) : TextReader
{
    private int _position;

    public override int Peek() => _position < prefixLength ? prefix[_position] : inner.Peek();

    public override int Read() => _position < prefixLength ? prefix[_position++] : inner.Read();

    public override int Read(Span<char> buffer)
    {
        if (_position >= prefixLength)
        {
            return inner.Read(buffer);
        }

        var count = Math.Min(buffer.Length, prefixLength - _position);
        prefix.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        _position < prefixLength ? ValueTask.FromResult(Read(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(char[] buffer, int index, int count) =>
        ReadAsync(buffer.AsMemory(index, count)).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
