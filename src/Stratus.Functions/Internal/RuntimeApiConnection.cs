using System;
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
    private readonly string? _unixSocketPath;
    private readonly object _gate = new();
    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private byte[] _request = new byte[4 * 1024];
    private int _start;
    private int _end;

    // The path of a GET written behind the last request on this connection, whose answer is not read yet.
    private string? _sentAhead;

    /// <param name="runtimeApi">host:port, as AWS_LAMBDA_RUNTIME_API gives it (an IPv6 host in brackets).</param>
    /// <param name="unixSocketPath">
    /// The same Runtime API on a Unix socket, which `stratus dev` offers its own SDK beside the TCP address
    /// (STRATUS_RUNTIME_API_SOCKET); null in Lambda, where only AWS_LAMBDA_RUNTIME_API is set.
    /// </param>
    public RuntimeApiConnection(string runtimeApi, string? unixSocketPath = null)
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
        _unixSocketPath = string.IsNullOrEmpty(unixSocketPath) ? null : unixSocketPath;
    }

    /// <summary>Sends one request and reads its whole answer; blocks the calling thread.</summary>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's path.</param>
    /// <param name="headers">Header fields beyond Host, User-Agent and Content-Length.</param>
    /// <param name="body">The request's body.</param>
    /// <param name="cancellationToken">Closes the connection, which ends any wait.</param>
    /// <param name="thenGet">
    /// A path to GET right after this request, in the same write (HTTP/1.1 pipelining); its answer is read by the
    /// next <see cref="Send"/> of that GET. Only a small request is followed this way; otherwise the GET simply
    /// goes out when it is asked for.
    /// </param>
    /// <exception cref="IOException">The Runtime API could not be reached or broke the exchange.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    public RuntimeApiResponse Send(
        string method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body,
        CancellationToken cancellationToken,
        string? thenGet = null)
    {
        cancellationToken.ThrowIfCancellationRequested();

        var sentAhead = IsSentAhead(method, path, headers, body);
        _sentAhead = null;
        var bodyIncluded = true;
        var length = sentAhead ? 0 : FormatRequest(0, method, path, headers, body, out bodyIncluded);
        var pipelining = thenGet is not null && !sentAhead && bodyIncluded;
        if (pipelining)
        {
            length = FormatRequest(length, "GET", thenGet!, [], [], out _);
        }

        var bodyAfter = bodyIncluded ? ReadOnlySpan<byte>.Empty : body;
        using var abort = cancellationToken.Register(static state => ((RuntimeApiConnection)state!).Close(), this);
        try
        {
            var response = Exchange(length, bodyAfter, sentAhead ? path : null, cancellationToken);
            if (pipelining && _socket is not null)
            {
                _sentAhead = thenGet;
            }

            return response;
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

    /// <summary>Whether this GET already went out behind the previous request and only its answer is to read.</summary>
    private bool IsSentAhead(
        string method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body) =>
        _sentAhead == path && method == "GET" && headers.Count == 0 && body.IsEmpty && _socket is not null;

    /// <param name="length">The bytes of <see cref="_request"/> to send; 0 when only an answer is awaited.</param>
    /// <param name="bodyAfter">A body too large to have been copied behind its head.</param>
    /// <param name="sentAheadPath">The path of the GET whose answer is awaited, when nothing is to be sent.</param>
    /// <param name="cancellationToken">Stops the retry.</param>
    private RuntimeApiResponse Exchange(
        int length,
        ReadOnlySpan<byte> bodyAfter,
        string? sentAheadPath,
        CancellationToken cancellationToken)
    {
        // A kept-alive connection the server has since closed fails on first use; nothing of the request was
        // taken then, so one retry on a new connection is safe. A GET sent ahead behind an answer that closed
        // the connection is sent again the same way.
        var reused = _socket is not null;
        try
        {
            return ExchangeOnce(_request.AsSpan(0, length), bodyAfter, cancellationToken);
        }
        catch (Exception exception) when (reused && IsStaleConnection(exception)
            && !cancellationToken.IsCancellationRequested)
        {
            Close();
            if (sentAheadPath is not null)
            {
                length = FormatRequest(0, "GET", sentAheadPath, [], [], out _);
            }

            return ExchangeOnce(_request.AsSpan(0, length), bodyAfter, cancellationToken);
        }
    }

    private RuntimeApiResponse ExchangeOnce(
        ReadOnlySpan<byte> request,
        ReadOnlySpan<byte> bodyAfter,
        CancellationToken cancellationToken)
    {
        var socket = Connected(cancellationToken);
        SendAll(socket, request);
        SendAll(socket, bodyAfter);

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

            var socket = Connect(_unixSocketPath) ?? Connect(_host, _port);

            (_start, _end) = (0, 0);
            _socket = socket;
            return socket;
        }
    }

    private static Socket Connect(string host, int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(host, port);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects to the Unix socket, or returns null when there is none (not offered, or gone), so that the TCP
    /// address every runtime uses is taken instead.
    /// </summary>
    /// <remarks>
    /// A loopback TCP exchange runs the whole TCP stack twice over for every message; a Unix socket hands the bytes
    /// across directly. The protocol is the same HTTP/1.1 either way.
    /// </remarks>
    private static Socket? Connect(string? unixSocketPath)
    {
        if (unixSocketPath is null || !Socket.OSSupportsUnixDomainSockets)
        {
            return null;
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(unixSocketPath));
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
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

    /// <summary>
    /// Writes the request into <see cref="_request"/>, reused for every call: its head, and its body when that
    /// is small, so one send carries both (sent apart, the server was woken for each) and nothing is allocated.
    /// </summary>
    /// <returns>
    /// The length of <see cref="_request"/> now filled, from <paramref name="start"/> on;
    /// <paramref name="bodyIncluded"/> says whether the body is part of it.
    /// </returns>
    private int FormatRequest(
        int start,
        string method,
        string path,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body,
        out bool bodyIncluded)
    {
        const int MaxCoalescedBodyBytes = 64 * 1024;

        var length = start;
        Append(ref length, method);
        Append(ref length, " ");
        Append(ref length, path);
        Append(ref length, " HTTP/1.1\r\nHost: ");
        Append(ref length, _authority);
        Append(ref length, "\r\nUser-Agent: stratus-functions\r\n");
        if (method != "GET" || body.Length > 0)
        {
            Append(ref length, "Content-Length: ");
            Append(ref length, body.Length.ToString(CultureInfo.InvariantCulture));
            Append(ref length, "\r\n");
        }

        foreach (var (name, value) in headers)
        {
            Append(ref length, name);
            Append(ref length, ": ");
            Append(ref length, value);
            Append(ref length, "\r\n");
        }

        Append(ref length, "\r\n");
        bodyIncluded = body.Length <= MaxCoalescedBodyBytes;
        if (bodyIncluded)
        {
            EnsureRequestCapacity(length + body.Length);
            body.CopyTo(_request.AsSpan(length));
            length += body.Length;
        }

        return length;
    }

    private void Append(ref int length, string text)
    {
        EnsureRequestCapacity(length + Encoding.UTF8.GetMaxByteCount(text.Length));
        length += Encoding.UTF8.GetBytes(text, _request.AsSpan(length));
    }

    private void EnsureRequestCapacity(int needed)
    {
        if (needed > _request.Length)
        {
            Array.Resize(ref _request, Math.Max(needed, _request.Length * 2));
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

        var head = _buffer.AsSpan(_start, headEnd);
        _start += headEnd + HeadEnd.Length;
        return ParseHead(head);
    }

    /// <summary>Parses the status line and header fields from the head's bytes, allocating only the values.</summary>
    private static (int StatusCode, Dictionary<string, string> Headers) ParseHead(ReadOnlySpan<byte> head)
    {
        var statusEnd = head.IndexOf("\r\n"u8);
        var statusLine = statusEnd < 0 ? head : head[..statusEnd];

        // "HTTP/1.1 202 Accepted": the version, a space, then three digits.
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' '
            || !int.TryParse(
                statusLine.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var statusCode)
            || (statusLine.Length > 12 && statusLine[12] != (byte)' '))
        {
            throw new IOException(
                $"The Runtime API sent a malformed status line: '{Encoding.ASCII.GetString(statusLine)}'.");
        }

        var headers = new Dictionary<string, string>(8, StringComparer.OrdinalIgnoreCase);
        var fields = statusEnd < 0 ? ReadOnlySpan<byte>.Empty : head[(statusEnd + 2)..];
        while (!fields.IsEmpty)
        {
            var lineEnd = fields.IndexOf("\r\n"u8);
            var line = lineEnd < 0 ? fields : fields[..lineEnd];
            fields = lineEnd < 0 ? ReadOnlySpan<byte>.Empty : fields[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = HeaderName(line[..colon].Trim(" \t"u8));
            var value = Encoding.UTF8.GetString(line[(colon + 1)..].Trim(" \t"u8));
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        return (statusCode, headers);
    }

    /// <summary>The names the Runtime API sends on every answer, so they are not allocated again each time.</summary>
    private static readonly string[] KnownHeaderNames =
    [
        "Content-Type", "Content-Length", "Date", "Connection", "Transfer-Encoding",
        RuntimeApiClient.RequestIdHeader, RuntimeApiClient.DeadlineHeader, RuntimeApiClient.FunctionArnHeader,
        RuntimeApiClient.TraceIdHeader, RuntimeApiClient.ClientContextHeader, RuntimeApiClient.CognitoIdentityHeader,
    ];

    private static string HeaderName(ReadOnlySpan<byte> name)
    {
        foreach (var known in KnownHeaderNames)
        {
            if (Ascii.EqualsIgnoreCase(name, known))
            {
                return known;
            }
        }

        return Encoding.ASCII.GetString(name);
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
                throw new IOException(
                    $"The Runtime API closed the connection {count - taken} bytes before the body's end.");
            }

            taken += read;
        }

        return result;
    }

    /// <summary>
    /// Reads what the socket has into the buffer (compacting or growing it first); 0 at end of stream.
    /// </summary>
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
