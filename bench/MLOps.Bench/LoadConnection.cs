using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MLOps.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection of the load generator, over a raw socket, in the spirit of wrk: requests
/// are prebuilt bytes, and a response is read just far enough to know its status and to consume its body
/// (Content-Length or chunked). HttpClient costs several times more CPU per request, and on a 2-core machine
/// shared with the server that cost would be charged to the server's throughput.
/// </summary>
internal sealed class LoadConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private LoadConnection(Socket socket) => _socket = socket;

    public static async Task<LoadConnection> OpenAsync(Uri baseAddress)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(baseAddress.Host), baseAddress.Port));
        return new LoadConnection(socket);
    }

    /// <summary>
    /// The bytes of one request with its headers, including the API key; with <paramref name="jsonLength"/>, a
    /// binary tensor data request whose body starts with a JSON object of that length.
    /// </summary>
    public static byte[] Request(string method, Uri baseAddress, string path, string apiKey, byte[]? body, int? jsonLength = null)
    {
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(baseAddress.Authority).Append("\r\n")
            .Append("Authorization: Bearer ").Append(apiKey).Append("\r\n");
        if (jsonLength is not null)
        {
            head.Append("Inference-Header-Content-Length: ").Append(jsonLength.Value).Append("\r\n");
        }

        if (body is not null)
        {
            head.Append(jsonLength is null ? "Content-Type: application/json" : "Content-Type: application/octet-stream")
                .Append("\r\nContent-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body ?? []];
    }

    /// <summary>Sends one request and reads its whole response; returns the status and, unless 2xx, the body.</summary>
    public async Task<(int Status, string? Error)> SendAsync(ReadOnlyMemory<byte> request)
    {
        while (!request.IsEmpty)
        {
            var sent = await _socket.SendAsync(request, SocketFlags.None);
            request = request[sent..];
        }

        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(HeaderEnd)) < 0)
        {
            await FillAsync();
        }

        var head = _buffer.AsSpan(_start, headerEnd);
        var status = ParseStatus(head);
        var (length, chunked) = ParseFraming(head);
        _start += headerEnd + HeaderEnd.Length;

        var body = new List<byte>();
        var keep = status is < 200 or >= 300;
        if (chunked)
        {
            while (true)
            {
                var size = await ReadChunkSizeAsync();
                await ConsumeAsync(size + CrLf.Length, keep ? body : null);
                if (size == 0)
                {
                    break;
                }
            }
        }
        else
        {
            await ConsumeAsync(length, keep ? body : null);
        }

        return (status, keep ? Encoding.UTF8.GetString([.. body]) : null);
    }

    public void Dispose() => _socket.Dispose();

    private static int ParseStatus(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK"
        if (head.Length < 12 || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            throw new InvalidDataException("The server sent a malformed status line.");
        }

        return status;
    }

    private static (int Length, bool Chunked) ParseFraming(ReadOnlySpan<byte> head)
    {
        var length = 0;
        var chunked = false;
        foreach (var range in head.Split(CrLf))
        {
            var line = head[range];
            var colon = line.IndexOf((byte)':');
            if (colon < 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                Utf8Parser.TryParse(value, out length, out _);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = Ascii.EqualsIgnoreCase(value, "chunked"u8);
            }
        }

        return (length, chunked);
    }

    private async Task<int> ReadChunkSizeAsync()
    {
        int lineEnd;
        while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(CrLf)) < 0)
        {
            await FillAsync();
        }

        var line = _buffer.AsSpan(_start, lineEnd);
        var semicolon = line.IndexOf((byte)';');
        if (!Utf8Parser.TryParse(semicolon < 0 ? line : line[..semicolon], out int size, out _, 'x'))
        {
            throw new InvalidDataException("The server sent a malformed chunk size.");
        }

        _start += lineEnd + CrLf.Length;
        return size;
    }

    private async Task ConsumeAsync(int count, List<byte>? keep)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync();
            }

            var take = Math.Min(count, _end - _start);
            keep?.AddRange(_buffer.AsSpan(_start, take));
            _start += take;
            count -= take;
        }
    }

    private async Task FillAsync()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start == 0)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _end += read;
    }
}
