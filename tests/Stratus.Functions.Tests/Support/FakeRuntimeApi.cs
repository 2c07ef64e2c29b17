using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Stratus.Functions.Tests.Support;

/// <summary>
/// A small Lambda Runtime API on 127.0.0.1 (port 0): GET next hands out queued invocations (long-polling
/// until one is queued), and every POST is recorded and answered 202 as AWS does.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    public const string NextPath = "/2018-06-01/runtime/invocation/next";

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<FakeInvocation> _invocations = Channel.CreateUnbounded<FakeInvocation>();
    private readonly Channel<RecordedRequest> _posts = Channel.CreateUnbounded<RecordedRequest>();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _nextRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _acceptLoop = Task.CompletedTask;

    private FakeRuntimeApi()
    {
    }

    /// <summary>Gets the host:port to put in AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Gets or sets the status POSTs are answered with (202 Accepted unless a test sets it).</summary>
    public int PostStatus { get; set; } = 202;

    /// <summary>Gets a task that completes when the runtime first asks for the next invocation.</summary>
    public Task NextRequested => _nextRequested.Task;

    /// <summary>Gets every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static FakeRuntimeApi Start()
    {
        var api = new FakeRuntimeApi();
        api._listener.Start();
        api._acceptLoop = api.AcceptAsync();
        return api;
    }

    public void Enqueue(FakeInvocation invocation) => _invocations.Writer.TryWrite(invocation);

    /// <summary>Waits for the next POST the runtime sends, failing the test if none comes in time.</summary>
    public async Task<RecordedRequest> NextPostAsync()
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        try
        {
            return await _posts.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"The runtime posted nothing within {WaitLimit.TotalSeconds} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _connections.Add(ServeAsync(client));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException
                                          || (exception is InvalidOperationException && _stop.IsCancellationRequested))
        {
            // Stopped by DisposeAsync; a loop that comes back to accept after Stop() sees "Not listening".
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new HttpRequestReader(stream);
                while (await reader.ReadAsync(_stop.Token) is { } request)
                {
                    _requests.Enqueue(request);
                    await AnswerAsync(stream, request);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // The runtime closed the connection or the server is stopping.
            }
        }
    }

    private async Task AnswerAsync(Stream stream, RecordedRequest request)
    {
        if (request.Method == "GET" && request.Target == NextPath)
        {
            _nextRequested.TrySetResult();
            var invocation = await _invocations.Reader.ReadAsync(_stop.Token);
            await WriteAsync(stream, 200, invocation.Headers(), Encoding.UTF8.GetBytes(invocation.Payload));
            return;
        }

        if (request.Method == "POST")
        {
            var body = PostStatus == 202 ? """{"status":"OK"}""" : """{"errorMessage":"refused by test"}""";
            await WriteAsync(stream, PostStatus, [], Encoding.UTF8.GetBytes(body));
            _posts.Writer.TryWrite(request);
            return;
        }

        await WriteAsync(stream, 404, [], Encoding.UTF8.GetBytes("""{"errorMessage":"unknown path"}"""));
    }

    private static async Task WriteAsync(
        Stream stream,
        int status,
        IEnumerable<KeyValuePair<string, string>> headers,
        byte[] body)
    {
        var head = new StringBuilder();
        head.Append(System.Globalization.CultureInfo.InvariantCulture, $"HTTP/1.1 {status} Status{status}\r\n");
        foreach (var header in headers)
        {
            head.Append(System.Globalization.CultureInfo.InvariantCulture, $"{header.Key}: {header.Value}\r\n");
        }

        head.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Type: application/json\r\n");
        head.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }
}
