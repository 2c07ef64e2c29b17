using System.Text;

namespace Stratus.Local.Internal;

/// <summary>One request on its way through a function pool: its event, its outcome and its log.</summary>
internal sealed class Invocation
{
    // Tail needs only 4 KB and the CLI prints the log, so a chatty function must not grow it without end.
    private const int MaxLogChars = 1024 * 1024;

    private readonly TaskCompletionSource<InvocationResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource<InvocationResult> _answer =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly object _gate = new();

    // Made by the first line: most invocations (every API Gateway request) keep no log.
    private StringBuilder? _log;
    private StringBuilder? _initLog;
    private InvocationResult? _outcome;
    private bool _logTruncated;

    public Invocation(string requestId, ReadOnlyMemory<byte> payload, string traceId)
    {
        RequestId = requestId;
        Payload = payload;
        TraceId = traceId;
    }

    public string RequestId { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    public string TraceId { get; }

    /// <summary>The client context JSON from the Invoke API's X-Amz-Client-Context header.</summary>
    public string? ClientContext { get; init; }

    /// <summary>
    /// The version or alias the caller named ('$LATEST'), or null: the Runtime API's invoked-function ARN is
    /// "the function, version, or alias that's specified in the invocation", so it carries the qualifier.
    /// </summary>
    public string? Qualifier { get; init; }

    /// <summary>
    /// Whether the caller reads the CloudWatch-style log (Tail, invoke local); an API Gateway request does not,
    /// so its lines only reach the console and no REPORT line (a /proc read) is made for it.
    /// </summary>
    public bool KeepsLog { get; init; } = true;

    /// <summary>
    /// Whether the pool queued this synchronous invocation behind an instance between its answer and its next
    /// poll, which it would have been throttled without; see FunctionPool.OnInstanceLingering.
    /// </summary>
    public bool WaitsOnFinishing { get; set; }

    public long DeadlineEpochMs { get; private set; }

    /// <summary>
    /// When a suppressed init began inside this invocation, or null: a retry because the first init passed its 10 s
    /// limit, or the re-init of an environment Lambda reset after a timeout or crash. From then on, init and the
    /// handler share the function timeout, and the init's time is part of the invocation's Duration.
    /// </summary>
    public long? SuppressedInitTimestamp { get; private set; }

    public long DeliveredTimestamp { get; private set; }

    public TimeSpan? InitDuration { get; private set; }

    public bool IsDelivered => DeliveredTimestamp != 0;

    /// <summary>The result with its log, once the log is final (the runtime asked for its next event).</summary>
    public Task<InvocationResult> Completion => _completion.Task;

    /// <summary>
    /// The result without its log, as soon as the function answers: an API Gateway caller needs no log, and
    /// waiting for the runtime's next poll would add a round trip to every request.
    /// </summary>
    public Task<InvocationResult> Answer => _answer.Task;

    public bool HasOutcome
    {
        get
        {
            lock (_gate)
            {
                return _outcome is not null;
            }
        }
    }

    public void MarkSuppressedInit(long timestamp) => SuppressedInitTimestamp = timestamp;

    public void MarkDelivered(long timestamp, long deadlineEpochMs, TimeSpan? initDuration)
    {
        DeliveredTimestamp = timestamp;
        DeadlineEpochMs = deadlineEpochMs;
        InitDuration = initDuration;
    }

    /// <summary>Adds a line the function wrote; init-phase lines go before the START line, as in CloudWatch.</summary>
    public void AppendLog(string line, bool initPhase = false)
    {
        if (!KeepsLog)
        {
            return;
        }

        lock (_gate)
        {
            if ((_log?.Length ?? 0) + (_initLog?.Length ?? 0) + line.Length + 1 > MaxLogChars)
            {
                _logTruncated = true;
                return;
            }

            var log = initPhase ? _initLog ??= new StringBuilder() : _log ??= new StringBuilder();
            log.Append(line).Append('\n');
        }
    }

    /// <summary>Records how the invocation ended; the first outcome wins (an answer after a timeout loses).</summary>
    /// <param name="outcome">The result.</param>
    /// <param name="answerAtOnce">
    /// True when the function answered and its instance stays: the caller gets the result now. Otherwise (a
    /// timeout or crash that ends the process) the caller waits for <see cref="Complete"/>, so that a retry finds
    /// the old process gone and its concurrency slot free, as after Lambda resets an environment.
    /// </param>
    public bool TrySetOutcome(InvocationResult outcome, bool answerAtOnce = false)
    {
        InvocationResult answer;
        lock (_gate)
        {
            if (_outcome is not null)
            {
                return false;
            }

            answer = _outcome = outcome.InitDuration == InitDuration
                ? outcome
                : outcome with { InitDuration = InitDuration };
        }

        if (answerAtOnce)
        {
            _answer.TrySetResult(answer);
        }

        return true;
    }

    /// <summary>
    /// Lengthens an answered outcome's Duration to <paramref name="duration"/> when it is longer: the runtime
    /// worked on after its answer, and Lambda counts that time until the runtime's next poll.
    /// </summary>
    public void ExtendDuration(TimeSpan duration)
    {
        lock (_gate)
        {
            // Only an answer: a timeout's or a crash's Duration is where it ended, not when its process was gone.
            if (_outcome is { Error: null or FunctionErrorKind.Unhandled } outcome && outcome.Duration < duration)
            {
                _outcome = outcome with { Duration = duration };
            }
        }
    }

    /// <summary>Hands the result to the caller, with the log wrapped in START/END/REPORT lines.</summary>
    public void Complete(Func<InvocationResult, string, string, string>? formatLog)
    {
        InvocationResult outcome;
        string initCaptured;
        string captured;
        lock (_gate)
        {
            outcome = _outcome ?? throw new InvalidOperationException(
                $"Invocation '{RequestId}' was completed before its outcome was set.");
            initCaptured = _initLog?.ToString() ?? string.Empty;
            captured = (_log?.ToString() ?? string.Empty) + (_logTruncated ? "[log truncated at 1 MB]\n" : null);
        }

        var logs = KeepsLog ? formatLog?.Invoke(outcome, initCaptured, captured) : null;
        var result = logs == outcome.Logs ? outcome : outcome with { Logs = logs, EventDelivered = IsDelivered };
        _answer.TrySetResult(result);
        _completion.TrySetResult(result);
    }

    /// <summary>Ends an invocation that never reached a function (throttled, emulator stopping).</summary>
    public void Reject(FunctionErrorKind kind, string errorType, string errorMessage)
    {
        TrySetOutcome(LambdaErrors.Result(RequestId, kind, errorType, errorMessage));
        Complete(formatLog: null);
    }
}
