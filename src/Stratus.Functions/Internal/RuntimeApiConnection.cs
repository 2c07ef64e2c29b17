using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Stratus.Functions.Internal;

/// <summary>One HTTP/1.1 request and its answer, as the Runtime API connection sends and reads them.</summary>
internal sealed record RuntimeApiResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A blocking, keep-alive HTTP/1.1 connection to the Runtime API on the sandbox's loopback address.
/// </summary>
/// <remarks>
/// The runtime loop makes one call at a time and waits for each, so a plain blocking socket is the cheapest
/// client there is: the thread that waits in recv() is the one the kernel wakes. HttpClient, even through its
/// synchronous Send, arms a zero-byte read on every pooled connection to notice a server's close, and that
/// read wakes the socket engine's thread and a thread pool worker on every answer (measured: about 18 context
/// switches per invocation across the function's threads, against 4 in the emulator that serves it).
/// The Runtime API speaks plain HTTP/1.1 with small headers; this reads Content-Length and chunked bodies,
/// and reconnects once when the server closed an idle connection.
/// </remarks>
internal sealed class RuntimeApiConnection : IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly string _host;
    private readonly int _port;
    private readonly string _authority;
    private readonly object _gate = new();
    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <param name="runtimeApi">host:port, as AWS_LAMBDA_RUNTIME_API gives it (an IPv6 host in brackets).</param>
    public RuntimeApiConnection(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrEmpty(runtimeApi);

        var colon = runtimeApi.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(runtimeApi.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _port)
            || _port is 0 or > 65535)
        {
            throw new ArgumentException(
                $"AWS_LAMBDA_RUNTIME_API must be host:port, such as 127.0.0.1:9001; it is '{runtimeApi}'.",
                nameof(runtimeApi));
        }

        _host = runtimeApi[..colon].Trim('[', ']');
        _authority = runtimeApi;
    }

    /// <summary>Sends one request and reads its whole answer; blocks the calling thread.</summary>
    /// <exception cref="IOException">The Runtime API could not be reached or broke the exchange.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public RuntimeApiResponse Send(
        string method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        var head = FormatHead(method, path, headers, body.Length);
        using var abort = cancellationToken.Register(static state => ((RuntimeApiConnection)state!).Close(), this);
        try
        {
            return Exchange(head, body, cancellationToken);
        }
        catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException)
        {
            Close();
            cancellationToken.ThrowIfCancellationRequested();
            throw exception as IOException ?? new IOException(
                $"The Runtime API at {_authority} broke off the {method} {path} exchange: {exception.Message}",
                exception);
        }
    }

    public void Dispose() => Close();

    private RuntimeApiResponse Exchange(byte[] head, ReadOnlySpan<byte> body, CancellationToken cancellationToken)
    {
        // A kept-alive connection the server has since closed fails on first use; nothing of the request was
        // taken then, so one retry on a new connection is safe.
        var reused = _socket is not null;
        try
        {
            return ExchangeOnce(head, body, cancellationToken);
        }
        catch (Exception exception) when (reused && IsStaleConnection(exception)
            && !cancellationToken.IsCancellationRequested)
        {
            Close();
            return ExchangeOnce(head, body, cancellationToken);
        }
    }

    private RuntimeApiResponse ExchangeOnce(byte[] head, ReadOnlySpan<byte> body, CancellationToken cancellationToken)
    {
        var socket = Connected(cancellationToken);
        SendRequest(socket, head, body);

        var (statusCode, headers) = ReadHead(socket);
        var responseBody = ReadBody(socket, statusCode, headers);
        if (headers.TryGetValue("Connection", out var connection)
            && connection.Contains("close", StringComparison.OrdinalIgnoreCase))
        {
            Close();
        }

        return new RuntimeApiResponse(statusCode, headers, responseBody);
    }

    private static bool IsStaleConnection(Exception exception) =>
        exception is StaleConnectionException
        || (exception is SocketException socket && socket.SocketErrorCode is SocketError.ConnectionReset
            or SocketError.ConnectionAborted or SocketError.Shutdown);

    private Socket Connected(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_socket is not null)
            {
                return _socket;
            }

            // A cancellation that fired before this socket existed had nothing to close, so look once more.
            cancellationToken.ThrowIfCancellationRequested();

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Connect(_host, _port);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            (_start, _end) = (0, 0);
            _socket = socket;
            return socket;
        }
    }

    private void Close()
    {
        Socket? socket;
        lock (_gate)
        {
            socket = _socket;
            _socket = null;
        }

        socket?.Dispose();
    }

    private byte[] FormatHead(
        string method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        int contentLength)
    {
        var head = new StringBuilder(256);
        head.Append(method).Append(' ').Append(path).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(_authority).Append("\r\n");
        head.Append("User-Agent: stratus-functions\r\n");
        if (method != "GET" || contentLength > 0)
        {
            head.Append("Content-Length: ").Append(contentLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("\r\n");
        return Encoding.UTF8.GetBytes(head.ToString());
    }

    /// <summary>
    /// Sends a small request in one segment: with the head and body sent apart, the server was woken for each
    /// and read them in two calls, on every invocation's response.
    /// </summary>
    private static void SendRequest(Socket socket, byte[] head, ReadOnlySpan<byte> body)
    {
        const int MaxCoalescedBytes = 64 * 1024;
        if (body.IsEmpty || head.Length + body.Length > MaxCoalescedBytes)
        {
            SendAll(socket, head);
            SendAll(socket, body);
            return;
        }

        var request = ArrayPool<byte>.Shared.Rent(head.Length + body.Length);
        try
        {
            head.CopyTo(request, 0);
            body.CopyTo(request.AsSpan(head.Length));
            SendAll(socket, request.AsSpan(0, head.Length + body.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(request);
        }
    }

    private static void SendAll(Socket socket, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes[socket.Send(bytes)..];
        }
    }

    private (int StatusCode, Dictionary<string, string> Headers) ReadHead(Socket socket)
    {
        int headEnd;
        var waited = false;
        while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(HeadEnd)) < 0)
        {
            if (_end - _start >= MaxHeadBytes)
            {
                throw new IOException($"The Runtime API sent a response head over {MaxHeadBytes} bytes.");
            }

            if (Fill(socket) == 0)
            {
                // Closed before any byte of an answer: on a reused connection, the server had dropped it.
                throw waited || _end > _start
                    ? new IOException("The Runtime API closed the connection in the middle of a response head.")
                    : new StaleConnectionException();
            }

            waited = true;
        }

        var text = Encoding.ASCII.GetString(_buffer, _start, headEnd);
        _start += headEnd + HeadEnd.Length;
        return ParseHead(text);
    }

    private static (int StatusCode, Dictionary<string, string> Headers) ParseHead(string text)
    {
        var lines = text.Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var statusCode))
        {
            throw new IOException($"The Runtime API sent a malformed status line: '{lines[0]}'.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        return (statusCode, headers);
    }

    private byte[] ReadBody(Socket socket, int statusCode, Dictionary<string, string> headers)
    {
        if (statusCode is 204 or 304 or < 200)
        {
            return [];
        }

        if (headers.TryGetValue("Transfer-Encoding", out var encoding)
            && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return ReadChunked(socket);
        }

        if (headers.TryGetValue("Content-Length", out var length))
        {
            if (!int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            {
                throw new IOException($"The Runtime API sent an invalid Content-Length '{length}'.");
            }

            return ReadExactly(socket, bytes);
        }

        // Neither: the body runs to the end of the connection (RFC 9112, section 6.3).
        var rest = new MemoryStream();
        do
        {
            rest.Write(_buffer, _start, _end - _start);
            _start = _end;
        }
        while (Fill(socket) > 0);

        Close();
        return rest.ToArray();
    }

    private byte[] ReadChunked(Socket socket)
    {
        var body = new MemoryStream();
        while (true)
        {
            var sizeLine = ReadLine(socket);
            var extension = sizeLine.IndexOf(';', StringComparison.Ordinal);
            var sizeText = (extension >= 0 ? sizeLine[..extension] : sizeLine).Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size)
                || size < 0)
            {
                throw new IOException($"The Runtime API sent an invalid chunk size '{sizeLine}'.");
            }

            if (size == 0)
            {
                // Trailer fields, if any, end with an empty line.
                while (ReadLine(socket).Length > 0)
                {
                }

                return body.ToArray();
            }

            body.Write(ReadExactly(socket, size));
            if (ReadLine(socket).Length > 0)
            {
                throw new IOException("The Runtime API sent a chunk longer than its size.");
            }
        }
    }

    private string ReadLine(Socket socket)
    {
        int lineEnd;
        while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
        {
            if (_end - _start >= MaxHeadBytes || Fill(socket) == 0)
            {
                throw new IOException("The Runtime API ended a chunked body early.");
            }
        }

        var line = Encoding.ASCII.GetString(_buffer, _start, lineEnd);
        _start += lineEnd + 2;
        return line;
    }

    private byte[] ReadExactly(Socket socket, int count)
    {
        var result = new byte[count];
        var taken = Math.Min(count, _end - _start);
        _buffer.AsSpan(_start, taken).CopyTo(result);
        _start += taken;
        while (taken < count)
        {
            var read = socket.Receive(result.AsSpan(taken));
            if (read == 0)
            {
                throw new IOException($"The Runtime API closed the connection {count - taken} bytes before the body's end.");
            }

            taken += read;
        }

        return result;
    }

    /// <summary>Reads what the socket has into the buffer (compacting or growing it first); 0 at end of stream.</summary>
    private int Fill(Socket socket)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_start, _end) = (0, _end - _start);
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = socket.Receive(_buffer.AsSpan(_end));
        _end += read;
        return read;
    }

    /// <summary>The server closed a kept-alive connection before answering anything on it.</summary>
    private sealed class StaleConnectionException : IOException
    {
        public StaleConnectionException()
            : base("The Runtime API closed the connection before answering.")
        {
        }
    }
}
