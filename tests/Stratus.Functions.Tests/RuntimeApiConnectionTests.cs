using System.Net;
using System.Net.Sockets;
using System.Text;
using Stratus.Functions.Internal;

namespace Stratus.Functions.Tests;

/// <summary>
/// The runtime's own HTTP/1.1 client, against a server that answers each connection from a script: the answers a
/// Runtime API may give (RFC 9112 framing), a closed keep-alive connection, and a server that breaks off.
/// </summary>
public sealed class RuntimeApiConnectionTests
{
    private const string NextPath = "/2018-06-01/runtime/invocation/next";

    private static readonly KeyValuePair<string, string>[] NoHeaders = [];

    [Fact]
    public async Task Send_ContentLengthAnswers_KeepsOneConnectionForEveryRequest()
    {
        await using var server = ScriptedServer.Start(
        [
            Answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nLambda-Runtime-Aws-Request-Id: r1\r\n\r\nfirst"),
            Answer("HTTP/1.1 202 Accepted\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}"),
        ]);
        using var connection = new RuntimeApiConnection(server.Address);

        var next = connection.Send("GET", "/2018-06-01/runtime/invocation/next", NoHeaders, [], default);
        var posted = connection.Send("POST", "/x/response", NoHeaders, "{}"u8, default);

        Assert.Equal(200, next.StatusCode);
        Assert.Equal("first", Encoding.UTF8.GetString(next.Body));
        Assert.Equal("r1", next.Headers["lambda-runtime-aws-request-id"]);
        Assert.Equal(202, posted.StatusCode);
        Assert.Equal(1, server.Connections);
        Assert.StartsWith("POST /x/response HTTP/1.1\r\n", server.Requests[1], StringComparison.Ordinal);
        Assert.Contains("Content-Length: 2\r\n", server.Requests[1], StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n{}", server.Requests[1], StringComparison.Ordinal);
    }

    // `stratus dev` offers its own SDK the Runtime API on a Unix socket as well; the HTTP is the same.
    [Fact]
    public async Task Send_UnixSocketGiven_TalksOverItAndNotOverTcp()
    {
        var folder = Directory.CreateTempSubdirectory("stratus-rapi-");
        try
        {
            var path = Path.Combine(folder.FullName, "runtime-api.sock");
            await using var server = ScriptedServer.Start(
                [Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")],
                unixSocketPath: path);
            using var connection = new RuntimeApiConnection(server.Address, path);

            var next = connection.Send("GET", NextPath, NoHeaders, [], default);

            Assert.Equal("ok", Encoding.UTF8.GetString(next.Body));
            Assert.StartsWith(
                $"GET {NextPath} HTTP/1.1\r\nHost: 127.0.0.1:9\r\n", server.Requests[0], StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // A socket that is gone (the folder was cleaned) must not cost the function its Runtime API.
    [Fact]
    public async Task Send_UnixSocketThatDoesNotExist_UsesTheTcpAddress()
    {
        await using var server = ScriptedServer.Start([Answer("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntcp")]);
        var missing = Path.Combine(Path.GetTempPath(), $"stratus-missing-{Guid.NewGuid():N}.sock");
        using var connection = new RuntimeApiConnection(server.Address, missing);

        var next = connection.Send("GET", NextPath, NoHeaders, [], default);

        Assert.Equal("tcp", Encoding.UTF8.GetString(next.Body));
    }

    [Fact]
    public async Task Send_ChunkedAnswerWithExtensionAndTrailer_IsReassembled()
    {
        await using var server = ScriptedServer.Start(
        [
            Answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
                "4;name=value\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-Trailer: t\r\n\r\n"),
        ]);
        using var connection = new RuntimeApiConnection(server.Address);

        var response = connection.Send("GET", "/next", NoHeaders, [], default);

        Assert.Equal("""{"a":1}""", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task Send_ServerClosedTheKeptAliveConnection_ReconnectsOnceAndSucceeds()
    {
        await using var server = ScriptedServer.Start(
        [
            Answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", closeAfter: true),
            Answer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain"),
        ]);
        using var connection = new RuntimeApiConnection(server.Address);

        connection.Send("GET", "/next", NoHeaders, [], default);
        await server.WaitForClosedAsync(1);
        var second = connection.Send("GET", "/next", NoHeaders, [], default);

        Assert.Equal("again", Encoding.UTF8.GetString(second.Body));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Send_ConnectionCloseHeader_OpensANewConnectionForTheNextRequest()
    {
        await using var server = ScriptedServer.Start(
        [
            Answer("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na"),
            Answer("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"),
        ]);
        using var connection = new RuntimeApiConnection(server.Address);

        var first = connection.Send("GET", "/next", NoHeaders, [], default);
        var second = connection.Send("GET", "/next", NoHeaders, [], default);

        Assert.Equal("a", Encoding.UTF8.GetString(first.Body));
        Assert.Equal("b", Encoding.UTF8.GetString(second.Body));
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task Send_BodyCutShort_ThrowsIOExceptionSayingHowManyBytesWereMissing()
    {
        await using var server = ScriptedServer.Start(
            [Answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", closeAfter: true)]);
        using var connection = new RuntimeApiConnection(server.Address);

        var error = Assert.Throws<IOException>(() => connection.Send("GET", "/next", NoHeaders, [], default));

        Assert.Contains("7 bytes before the body's end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_MalformedStatusLine_ThrowsIOExceptionQuotingIt()
    {
        await using var server = ScriptedServer.Start([Answer("SPDY/3 200 OK\r\n\r\n")]);
        using var connection = new RuntimeApiConnection(server.Address);

        var error = Assert.Throws<IOException>(() => connection.Send("GET", "/next", NoHeaders, [], default));

        Assert.Contains("'SPDY/3 200 OK'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RepeatedAndOddlySpacedHeaders_AreJoinedTrimmedAndFoundWhateverTheirCase()
    {
        await using var server = ScriptedServer.Start(
        [
            Answer("HTTP/1.1 200 OK\r\nX-Tag: one\r\nx-tag:two\r\nLAMBDA-RUNTIME-DEADLINE-MS: \t 17 \r\n" +
                "Content-Length: 0\r\n\r\n"),
        ]);
        using var connection = new RuntimeApiConnection(server.Address);

        var response = connection.Send("GET", "/next", NoHeaders, [], default);

        Assert.Equal("one, two", response.Headers["X-TAG"]);
        Assert.Equal("17", response.Headers[RuntimeApiClient.DeadlineHeader]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Send_NonAsciiHeaderValue_IsDecodedAsUtf8()
    {
        // The emulator, like Lambda, passes the client context's JSON through in UTF-8.
        await using var server = ScriptedServer.Start(
        [
            Answer("HTTP/1.1 200 OK\r\nLambda-Runtime-Client-Context: {\"custom\":{\"name\":\"José ✓\"}}\r\n" +
                "Content-Length: 0\r\n\r\n"),
        ]);
        using var connection = new RuntimeApiConnection(server.Address);

        var response = connection.Send("GET", "/next", NoHeaders, [], default);

        Assert.Equal("""{"custom":{"name":"José ✓"}}""", response.Headers[RuntimeApiClient.ClientContextHeader]);
    }

    [Theory]
    [InlineData("HTTP/1.1 2000 OK")]
    [InlineData("HTTP/1.1 20 OK")]
    [InlineData("HTTP/2 200 OK")]
    public async Task Send_StatusLineWithoutAThreeDigitCode_ThrowsIOExceptionQuotingIt(string statusLine)
    {
        await using var server = ScriptedServer.Start([Answer(statusLine + "\r\nContent-Length: 0\r\n\r\n")]);
        using var connection = new RuntimeApiConnection(server.Address);

        var error = Assert.Throws<IOException>(() => connection.Send("GET", "/next", NoHeaders, [], default));

        Assert.Contains($"'{statusLine}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_BodyOverTheCoalescingSize_ArrivesWholeAfterTheHead()
    {
        await using var server = ScriptedServer.Start([Answer("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")]);
        using var connection = new RuntimeApiConnection(server.Address);
        var body = Encoding.UTF8.GetBytes(new string('é', 100_000));
        KeyValuePair<string, string>[] headers = [new("Lambda-Runtime-Function-Error-Type", "Unhandled")];

        var posted = connection.Send("POST", "/x/error", headers, body, default);

        Assert.Equal(202, posted.StatusCode);
        var request = server.Requests[0];
        Assert.Contains("Content-Length: 200000\r\n", request, StringComparison.Ordinal);
        Assert.Contains("Lambda-Runtime-Function-Error-Type: Unhandled\r\n", request, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n" + new string('é', 100_000), request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ThenGet_WritesTheGetBehindThePostAndTheNextSendOnlyReadsItsAnswer()
    {
        await using var server = ScriptedServer.Start(
        [
            Answer("HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}"),
            Answer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nLambda-Runtime-Aws-Request-Id: r2\r\n\r\nnext"),
        ]);
        using var connection = new RuntimeApiConnection(server.Address);

        var posted = connection.Send("POST", "/r1/response", NoHeaders, "{}"u8, default, thenGet: NextPath);
        await server.WaitForRequestsAsync(2);
        var next = connection.Send("GET", NextPath, NoHeaders, [], default);

        Assert.Equal(202, posted.StatusCode);
        Assert.Equal("next", Encoding.UTF8.GetString(next.Body));
        Assert.Equal("r2", next.Headers[RuntimeApiClient.RequestIdHeader]);
        Assert.Equal(2, server.Requests.Count);
        Assert.StartsWith($"GET {NextPath} HTTP/1.1\r\n", server.Requests[1], StringComparison.Ordinal);
        Assert.Equal(1, server.Connections);
    }

    [Theory]
    [InlineData("Connection: close\r\n")]
    [InlineData("")]
    public async Task Send_ServerClosesAfterAnsweringThePost_SendsTheGetAgainOnANewConnection(string closeHeader)
    {
        // With the header the client knows the GET behind the POST was dropped; without it, it finds out on reading.
        await using var server = ScriptedServer.Start(
        [
            Answer($"HTTP/1.1 202 Accepted\r\n{closeHeader}Content-Length: 2\r\n\r\n{{}}", closeAfter: true),
            Answer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"),
        ]);
        using var connection = new RuntimeApiConnection(server.Address);

        var posted = connection.Send("POST", "/r1/response", NoHeaders, "{}"u8, default, thenGet: NextPath);
        await server.WaitForClosedAsync(1);
        var next = connection.Send("GET", NextPath, NoHeaders, [], default);

        Assert.Equal(202, posted.StatusCode);
        Assert.Equal("next", Encoding.UTF8.GetString(next.Body));
        Assert.Equal(2, server.Connections);
        Assert.StartsWith($"GET {NextPath} HTTP/1.1\r\n", server.Requests[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ThenGetBehindABodyOverTheCoalescingSize_StillGetsTheNextAnswerOnTheSameConnection()
    {
        await using var server = ScriptedServer.Start(
        [
            Answer("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"),
            Answer("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"),
        ]);
        using var connection = new RuntimeApiConnection(server.Address);
        var body = new byte[100_000];

        connection.Send("POST", "/r1/response", NoHeaders, body, default, thenGet: NextPath);
        var next = connection.Send("GET", NextPath, NoHeaders, [], default);

        Assert.Equal("next", Encoding.UTF8.GetString(next.Body));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public void Send_NothingListening_ThrowsIOExceptionNamingTheAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var address = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        using var connection = new RuntimeApiConnection(address);

        var error = Assert.Throws<IOException>(() => connection.Send("GET", "/next", NoHeaders, [], default));

        Assert.Contains(address, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:port")]
    public void New_AddressWithoutAUsablePort_IsRefusedWithTheExpectedForm(string address)
    {
        var error = Assert.Throws<ArgumentException>(() => new RuntimeApiConnection(address));

        Assert.Contains("host:port, such as 127.0.0.1:9001", error.Message, StringComparison.Ordinal);
    }

    private static ScriptedAnswer Answer(string text, bool closeAfter = false) =>
        new(Encoding.UTF8.GetBytes(text), closeAfter);

    private sealed record ScriptedAnswer(byte[] Bytes, bool CloseAfter);

    /// <summary>
    /// Answers the requests it reads, in order, with the scripted bytes, whatever the request; closes a connection
    /// after an answer marked so. Requests are read as far as their head and Content-Length body, so requests
    /// pipelined behind one another are told apart.
    /// </summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly Queue<ScriptedAnswer> _answers;
        private readonly List<string> _requests = [];
        private readonly CancellationTokenSource _stopping = new();
        private Task _serving = Task.CompletedTask;
        private int _connections;
        private int _closed;

        private ScriptedServer(IEnumerable<ScriptedAnswer> answers, string? unixSocketPath)
        {
            _answers = new Queue<ScriptedAnswer>(answers);
            _listener = unixSocketPath is null
                ? new Socket(SocketType.Stream, ProtocolType.Tcp)
                : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            _listener.Bind(unixSocketPath is null
                ? new IPEndPoint(IPAddress.Loopback, 0)
                : new UnixDomainSocketEndPoint(unixSocketPath));
        }

        /// <summary>host:port on TCP; for a server on a Unix socket, an address where nothing listens.</summary>
        public string Address => _listener.LocalEndPoint is IPEndPoint endpoint
            ? $"127.0.0.1:{endpoint.Port}"
            : "127.0.0.1:9";

        public int Connections => Volatile.Read(ref _connections);

        public IReadOnlyList<string> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public static ScriptedServer Start(IEnumerable<ScriptedAnswer> answers, string? unixSocketPath = null)
        {
            var server = new ScriptedServer(answers, unixSocketPath);
            server._listener.Listen();
            server._serving = server.AcceptAsync();
            return server;
        }

        public Task WaitForRequestsAsync(int count) => WaitUntilAsync(() => Requests.Count >= count);

        public Task WaitForClosedAsync(int count) => WaitUntilAsync(() => Volatile.Read(ref _closed) >= count);

        public async ValueTask DisposeAsync()
        {
            await _stopping.CancelAsync();
            _listener.Dispose();
            await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stopping.Dispose();
        }

        /// <summary>Polls the condition every 10 ms, failing the test when it is still false after 20 s.</summary>
        private static async Task WaitUntilAsync(Func<bool> condition)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            while (!condition())
            {
                await Task.Delay(10, deadline.Token);
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                var client = await _listener.AcceptAsync(_stopping.Token);
                Interlocked.Increment(ref _connections);
                await ServeAsync(client);
            }
        }

        private async Task ServeAsync(Socket client)
        {
            using (client)
            {
                await using var stream = new NetworkStream(client);
                var received = new List<byte>();
                while (await ReadRequestAsync(stream, received) is { } request)
                {
                    lock (_requests)
                    {
                        _requests.Add(request);
                    }

                    var answer = _answers.Dequeue();
                    await stream.WriteAsync(answer.Bytes, _stopping.Token);
                    if (answer.CloseAfter)
                    {
                        break;
                    }
                }
            }

            Interlocked.Increment(ref _closed);
        }

        /// <summary>Takes one request from what the connection sent; bytes behind it wait for the next call.</summary>
        private async Task<string?> ReadRequestAsync(NetworkStream stream, List<byte> received)
        {
            var buffer = new byte[4096];
            while (true)
            {
                var text = Encoding.UTF8.GetString([.. received]);
                var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                var length = headEnd < 0
                    ? int.MaxValue
                    : Encoding.UTF8.GetByteCount(text[..headEnd]) + 4 + ContentLength(text[..headEnd]);
                if (received.Count >= length)
                {
                    var request = Encoding.UTF8.GetString([.. received[..length]]);
                    received.RemoveRange(0, length);
                    return request;
                }

                var read = await stream.ReadAsync(buffer, _stopping.Token);
                if (read == 0)
                {
                    return null;
                }

                received.AddRange(buffer.AsSpan(0, read));
            }
        }

        private static int ContentLength(string head)
        {
            const string Name = "Content-Length: ";
            var at = head.IndexOf(Name, StringComparison.OrdinalIgnoreCase);
            return at < 0
                ? 0
                : int.Parse(
                    head[(at + Name.Length)..].Split("\r\n")[0], System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
