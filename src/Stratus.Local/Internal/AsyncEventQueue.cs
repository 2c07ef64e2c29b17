namespace Stratus.Local.Internal;

/// <summary>
/// Lambda's queue for asynchronous invocations (Invoke API <c>Event</c>, schedules): runs each event and, when
/// the function fails, runs it again 1 minute later and then 2 minutes after that, up to the function's
/// maximumRetryAttempts and as long as the event is no older than its maximumEventAge when the retry starts.
/// </summary>
/// <remarks>
/// As <see cref="ScheduleRunner"/> does for firings, a retry belongs to the event, not to a build: it runs on
/// the functions served when it comes due, so a fix saved during the wait is what the retry runs.
/// Limitation: only function errors are retried. A throttle (<c>reservedConcurrency: 0</c>) discards the event
/// at once, where Lambda would keep retrying it with backoff until it reaches its maximumEventAge.
/// Limitation: an event that waits in a pool's queue for a free instance is not expired by maximumEventAge.
/// </remarks>
internal sealed class AsyncEventQueue : IDisposable
{
    // invocation-async-error-handling.html: "a one-minute wait between the first two attempts, and two minutes
    // between the second and third attempts".
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];

    private readonly CloudContext _cloud;
    private readonly object _gate = new();
    private readonly HashSet<PendingRetry> _pending = [];
    private CloudGeneration? _current;
    private bool _disposed;

    public AsyncEventQueue(CloudContext cloud)
    {
        _cloud = cloud;
    }

    /// <summary>Runs retries that come due from now on on <paramref name="generation"/>'s functions.</summary>
    public void Serve(CloudGeneration generation)
    {
        lock (_gate)
        {
            _current = generation;
        }
    }

    /// <summary>Runs the first attempt of an event on <paramref name="pool"/> and retries it if it fails.</summary>
    /// <param name="pool">The pool of the function the event was sent to.</param>
    /// <param name="invocation">The first attempt.</param>
    /// <param name="source">Who sent the event, for the logs: <c>Invoke API</c>, <c>schedule tick-rule</c>.</param>
    public void Submit(FunctionPool pool, Invocation invocation, string source)
    {
        var queued = QueuedEvent.Of(pool, invocation, source, _cloud.Time.GetUtcNow());
        Run(pool, queued, attempt: 1, invocation);
    }

    /// <summary>Drops every retry still waiting; an attempt already running ends with its process.</summary>
    public void Dispose()
    {
        int dropped;
        lock (_gate)
        {
            _disposed = true;
            dropped = _pending.Count;
            foreach (var retry in _pending)
            {
                retry.Timer?.Dispose();
            }

            _pending.Clear();
        }

        if (dropped > 0)
        {
            EmulatorLog.AsyncRetriesDropped(_cloud.Logger, dropped);
        }
    }

    private void Run(FunctionPool pool, QueuedEvent queued, int attempt, Invocation invocation)
    {
        // The event waits in Lambda's queue while every instance is busy, so a busy function is not a failure.
        pool.Dispatch(invocation, queueWhenBusy: true);
        _ = FollowAsync(pool.Function, queued, attempt, invocation);
    }

    private async Task FollowAsync(LocalFunction function, QueuedEvent queued, int attempt, Invocation invocation)
    {
        var result = await invocation.Completion;
        if (result.Error is not { } error)
        {
            if (attempt > 1)
            {
                EmulatorLog.AsyncRetrySucceeded(
                    _cloud.Logger, queued.FunctionKey, queued.RequestId, queued.Source, attempt);
            }

            return;
        }

        var errorType = LambdaErrors.LoggedType(result);
        var errorMessage = result.ErrorMessage ?? string.Empty;
        if (!LambdaErrors.IsFunctionError(error))
        {
            EmulatorLog.AsyncEventNotRun(
                _cloud.Logger, queued.FunctionKey, queued.RequestId, queued.Source, errorType, errorMessage);
            return;
        }

        var attempts = function.MaximumRetryAttempts + 1;
        if (attempt >= attempts)
        {
            EmulatorLog.AsyncEventFailed(
                _cloud.Logger,
                queued.FunctionKey,
                queued.RequestId,
                queued.Source,
                attempt,
                attempts,
                errorType,
                errorMessage);
            return;
        }

        // AWS does not say when in the wait it discards an event that grew too old; deciding now, by the age the
        // event would have at the retry, tells the user at once and leaves no timer that would do nothing.
        var delay = RetryDelays[Math.Min(attempt, RetryDelays.Length) - 1];
        var due = _cloud.Time.GetUtcNow() + delay;
        if (due - queued.Accepted > function.MaximumEventAge)
        {
            EmulatorLog.AsyncEventExpired(
                _cloud.Logger,
                queued.FunctionKey,
                queued.RequestId,
                queued.Source,
                attempt,
                errorType,
                errorMessage,
                function.MaximumEventAge.TotalSeconds);
            return;
        }

        Schedule(queued, attempt + 1, attempts, delay, errorType, errorMessage);
    }

    private void Schedule(
        QueuedEvent queued,
        int nextAttempt,
        int attempts,
        TimeSpan delay,
        string errorType,
        string errorMessage)
    {
        lock (_gate)
        {
            // The cloud is stopping: the failure is the stop's doing, and nothing would run the retry.
            if (_disposed)
            {
                return;
            }

            var retry = new PendingRetry(queued, nextAttempt, attempts);
            _pending.Add(retry);
            retry.Timer = _cloud.Time.CreateTimer(_ => Retry(retry), null, delay, Timeout.InfiniteTimeSpan);
        }

        // Logged once the timer exists, so whoever reads it may count on the retry.
        EmulatorLog.AsyncAttemptFailed(
            _cloud.Logger,
            queued.FunctionKey,
            queued.RequestId,
            queued.Source,
            nextAttempt - 1,
            attempts,
            errorType,
            errorMessage,
            delay.TotalSeconds);
    }

    private void Retry(PendingRetry retry)
    {
        FunctionPool? pool;
        lock (_gate)
        {
            if (!_pending.Remove(retry))
            {
                return;
            }

            retry.Timer?.Dispose();
            pool = _current?.PoolsByKey.GetValueOrDefault(retry.Event.FunctionKey);
        }

        var queued = retry.Event;
        if (pool is null)
        {
            EmulatorLog.AsyncRetryFunctionGone(
                _cloud.Logger, queued.FunctionKey, queued.RequestId, queued.Source, retry.Attempt);
            return;
        }

        EmulatorLog.AsyncRetryStarted(
            _cloud.Logger, queued.FunctionKey, queued.RequestId, queued.Source, retry.Attempt, retry.Attempts);
        Run(pool, queued, retry.Attempt, queued.NewAttempt());
    }

    /// <summary>One event in the queue: what each attempt sends, and when Lambda accepted it.</summary>
    /// <remarks>It keeps the event, not the first attempt, whose log may hold a megabyte.</remarks>
    private sealed record QueuedEvent(string FunctionKey, string Source, DateTimeOffset Accepted)
    {
        public required string RequestId { get; init; }

        public required ReadOnlyMemory<byte> Payload { get; init; }

        public required string TraceId { get; init; }

        public string? ClientContext { get; init; }

        public string? Qualifier { get; init; }

        public static QueuedEvent Of(FunctionPool pool, Invocation first, string source, DateTimeOffset accepted) =>
            new(pool.Function.Key, source, accepted)
            {
                RequestId = first.RequestId,
                Payload = first.Payload,
                TraceId = first.TraceId,
                ClientContext = first.ClientContext,
                Qualifier = first.Qualifier,
            };

        // Lambda keeps an event's request id across its retries: its knowledge center tells the service's
        // retries apart from a client's by the repeated request id. The trace id stays too, so the attempts
        // read as one trace.
        public Invocation NewAttempt() =>
            new(RequestId, Payload, TraceId) { ClientContext = ClientContext, Qualifier = Qualifier };
    }

    /// <summary>A retry waiting for its timer.</summary>
    private sealed class PendingRetry(QueuedEvent queuedEvent, int attempt, int attempts)
    {
        public QueuedEvent Event { get; } = queuedEvent;

        public int Attempt { get; } = attempt;

        public int Attempts { get; } = attempts;

        public ITimer? Timer { get; set; }
    }
}
