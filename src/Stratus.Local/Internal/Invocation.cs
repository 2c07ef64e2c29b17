using System.Text;

namespace Stratus.Local.Internal;

/// <summary>One request on its way through a function pool: its event, its outcome and its log.</summary>
internal sealed class Invocation
{
    // Tail needs only 4 KB and the CLI prints the log, so a chatty function must not grow it without end.
    private const int MaxLogChars = 1024 * 1024;

    private readonly TaskCompletionSource<InvocationResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly object _gate = new();
    private readonly StringBuilder _log = new();
    private readonly StringBuilder _initLog = new();
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


    public long DeadlineEpochMs { get; private set; }

    public long DeliveredTimestamp { get; private set; }

    public TimeSpan? InitDuration { get; private set; }

    public bool IsDelivered => DeliveredTimestamp != 0;

    public Task<InvocationResult> Completion => _completion.Task;

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

    public void MarkDelivered(long timestamp, long deadlineEpochMs, TimeSpan? initDuration)
    {
        DeliveredTimestamp = timestamp;
        DeadlineEpochMs = deadlineEpochMs;
        InitDuration = initDuration;
    }

    /// <summary>Adds a line the function wrote; init-phase lines go before the START line, as in CloudWatch.</summary>
    public void AppendLog(string line, bool initPhase = false)
    {
        lock (_gate)
        {
            if (_log.Length + _initLog.Length + line.Length + 1 > MaxLogChars)
            {
                _logTruncated = true;
                return;
            }

            (initPhase ? _initLog : _log).Append(line).Append('\n');
        }
    }

    /// <summary>Records how the invocation ended; the first outcome wins (an answer after a timeout loses).</summary>
    public bool TrySetOutcome(InvocationResult outcome)
    {
        lock (_gate)
        {
            if (_outcome is not null)
            {
                return false;
            }

            _outcome = outcome;
            return true;
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
            outcome = (_outcome ?? throw new InvalidOperationException(
                $"Invocation '{RequestId}' was completed before its outcome was set.")) with
            {
                InitDuration = InitDuration,
            };
            initCaptured = _initLog.ToString();
            captured = _logTruncated ? _log + "[log truncated at 1 MB]\n" : _log.ToString();
        }

        var logs = formatLog?.Invoke(outcome, initCaptured, captured);
        _completion.TrySetResult(outcome with { Logs = logs });
    }

    /// <summary>Ends an invocation that never reached a function (throttled, emulator stopping).</summary>
    public void Reject(FunctionErrorKind kind, string errorType, string errorMessage)
    {
        TrySetOutcome(LambdaErrors.Result(RequestId, kind, errorType, errorMessage));
        Complete(formatLog: null);
    }
}
