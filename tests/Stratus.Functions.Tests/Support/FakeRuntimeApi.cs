using System.Text;
using System.Threading.Channels;

namespace Stratus.Functions.Tests.Support;

/// <summary>
/// A small Lambda Runtime API on 127.0.0.1 (port 0): GET next hands out queued invocations (long-polling
/// until one is queued), and every POST is recorded and answered 202 as AWS does.
/// </summary>
internal sealed class FakeRuntimeApi : LoopbackHttpServer
{
    public const string NextPath = "/2018-06-01/runtime/invocation/next";

    private const string JsonType = "application/json";

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private readonly Channel<FakeInvocation> _invocations = Channel.CreateUnbounded<FakeInvocation>();
    private readonly Channel<RecordedRequest> _posts = Channel.CreateUnbounded<RecordedRequest>();
    private readonly TaskCompletionSource _nextRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeRuntimeApi()
    {
    }

    /// <summary>Gets the host:port to put in AWS_LAMBDA_RUNTIME_API.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Gets or sets the status POSTs are answered with (202 Accepted unless a test sets it).</summary>
    public int PostStatus { get; set; } = 202;

    /// <summary>Gets a task that completes when the runtime first asks for the next invocation.</summary>
    public Task NextRequested => _nextRequested.Task;

    public static FakeRuntimeApi Start()
    {
        var api = new FakeRuntimeApi();
        api.StartListening();
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

    protected override async Task AnswerAsync(Stream stream, RecordedRequest request)
    {
        if (request.Method == "GET" && request.Target == NextPath)
        {
            _nextRequested.TrySetResult();
            var invocation = await _invocations.Reader.ReadAsync(Stopping);
            var payload = Encoding.UTF8.GetBytes(invocation.Payload);
            await WriteResponseAsync(stream, 200, JsonType, invocation.Headers(), payload);
            return;
        }

        if (request.Method == "POST")
        {
            var body = PostStatus == 202 ? """{"status":"OK"}""" : """{"errorMessage":"refused by test"}""";
            await WriteResponseAsync(stream, PostStatus, JsonType, [], Encoding.UTF8.GetBytes(body));
            _posts.Writer.TryWrite(request);
            return;
        }

        var unknown = Encoding.UTF8.GetBytes("""{"errorMessage":"unknown path"}""");
        await WriteResponseAsync(stream, 404, JsonType, [], unknown);
    }
}
