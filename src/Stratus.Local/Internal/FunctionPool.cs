namespace Stratus.Local.Internal;

/// <summary>The execution environments of one function: cold start on demand, warm reuse, a concurrency cap.</summary>
internal sealed class FunctionPool
{
    // Without reservedConcurrency AWS scales to the account's limit; locally more processes than cores only
    // adds context switches, so the default follows the machine (4 at least, so overlap still shows).
    private static readonly int DefaultMaxInstances = Math.Max(4, Environment.ProcessorCount * 2);

    private readonly CloudContext _cloud;
    private readonly ConcurrencySlots _slots;
    private readonly object _gate = new();
    private readonly List<FunctionInstance> _instances = [];
    private readonly List<FunctionInstance> _idle = [];

    // Instances counted against the cap. Once the pool drains, only those running an invocation stay counted, so
    // a replaced version's idle processes never keep the new version from starting its own. Limitation: for the
    // moment between a replaced process's answer and its end, it runs beside the new version's full cap.
    private readonly HashSet<FunctionInstance> _holdingSlot = [];

    // Instances that answered but whose runtime has not asked for its next event yet: free in a moment.
    private readonly HashSet<FunctionInstance> _finishing = [];
    private readonly Queue<Invocation> _waiting = new();

    // When each environment Lambda reset (a timeout or crash ended its process mid-invocation) was reset: the next
    // instance started re-initializes one of them, with a suppressed init, instead of cold-starting a new one.
    private readonly Queue<long> _resetEnvironments = new();
    private readonly bool _throttleWhenBusy;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;
    private bool _draining;

    public FunctionPool(CloudContext cloud, LocalFunction function)
    {
        _cloud = cloud;
        Function = function;
        MaxInstances = function.ReservedConcurrency ?? DefaultMaxInstances;
        _throttleWhenBusy = function.ReservedConcurrency is not null;
        _slots = cloud.ConcurrencyOf(function.Key);
        _slots.Join(this);
    }

    public LocalFunction Function { get; }

    public int MaxInstances { get; }

    /// <summary>The most instances that ever existed at once, dying ones included.</summary>
    public int PeakInstances { get; private set; }

    public Task<InvocationResult> InvokeAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        Dispatch(invocation);

        // Cancelling stops the wait only: Lambda does not stop a function whose caller went away.
        return invocation.Completion.WaitAsync(cancellationToken);
    }

    /// <summary>Sends the invocation to an idle instance or a new one; at the cap it is throttled or queued.</summary>
    /// <param name="invocation">The invocation to run.</param>
    /// <param name="queueWhenBusy">
    /// True for asynchronous (Event) invocations, which Lambda keeps in its internal queue and retries when the
    /// function is throttled; synchronous ones get 429 <c>TooManyRequestsException</c> at once, as in AWS.
    /// </param>
    /// <remarks>
    /// The cap counts this function's instances in every live generation (see <see cref="ConcurrencySlots"/>).
    /// Limitation: a request that comes in a reload's first moment, after the swap but before the old pool drains,
    /// still counts the old version's idle instances, so at the cap it is throttled (or waits) where a moment later
    /// it would run.
    /// Limitation: a function without reservedConcurrency is capped at twice the core count (4 at least) of
    /// local processes, and requests over that wait for one instead of being throttled, because AWS's cap
    /// there is the account's 1,000, which no laptop should start.
    /// </remarks>
    public void Dispatch(Invocation invocation, bool queueWhenBusy = false)
    {
        if (MaxInstances == 0)
        {
            Throttle(invocation);
            return;
        }

        FunctionInstance? warm = null;
        FunctionInstance? cold = null;
        var throttled = false;
        bool disposed;
        lock (_gate)
        {
            disposed = _disposed;
            if (!disposed && _idle.Count > 0)
            {
                // Most recently used first, so the least used instances reach their idle timeout and stop.
                warm = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
            }
            else if (!disposed && _finishing.Count > _waiting.Count)
            {
                // A caller that got its answer and asks again at once must find the same warm instance, not
                // cold-start (or be throttled by) another one while the first is between its answer and next.
                invocation.WaitsOnFinishing = !queueWhenBusy;
                _waiting.Enqueue(invocation);
            }
            else if (!disposed && TryAddInstanceLocked() is { } added)
            {
                cold = added;
            }
            else if (!disposed && (queueWhenBusy || !_throttleWhenBusy))
            {
                _waiting.Enqueue(invocation);
            }
            else if (!disposed)
            {
                throttled = true;
            }
        }

        if (throttled)
        {
            Throttle(invocation);
        }
        else if (disposed)
        {
            RejectStopping(invocation);
        }
        else if (warm is not null)
        {
            warm.Assign(invocation);
        }
        else if (cold is not null)
        {
            cold.Start(invocation);
        }
    }

    /// <summary>Takes back an invocation whose instance died before the event reached it.</summary>
    /// <remarks>It was admitted already, so it waits for an instance rather than being throttled.</remarks>
    public void Redispatch(Invocation invocation) => Dispatch(invocation, queueWhenBusy: true);

    /// <summary>
    /// Notes that <paramref name="instance"/> answered and will be available when its runtime asks again.
    /// </summary>
    public void OnInstanceAnswered(FunctionInstance instance)
    {
        var freed = false;
        lock (_gate)
        {
            // The instance may already be gone (it exited) or idle (its next poll beat this call).
            if (_instances.Contains(instance) && !_idle.Contains(instance))
            {
                _finishing.Add(instance);

                // A replaced version's slot frees before its caller has the answer, so a follow-up request finds
                // room on the new version instead of being throttled by a process about to stop.
                freed = _draining && ReleaseSlotLocked(instance);
            }
        }

        if (freed)
        {
            _slots.NotifyFreed();
        }
    }

    /// <summary>
    /// Notes that <paramref name="instance"/> answered but its runtime did not ask for the next event within the
    /// log's grace: it is busy (Lambda's invocation lasts until that call), so the requests queued behind it, and
    /// new ones, go to other instances, up to the cap.
    /// </summary>
    /// <remarks>
    /// At the cap (reservedConcurrency), the synchronous calls that waited on it are throttled, as Lambda throttles
    /// a call that finds its environment busy; only a moment (the log's grace) later than Lambda would.
    /// </remarks>
    public void OnInstanceLingering(FunctionInstance instance)
    {
        var starts = new List<(FunctionInstance Instance, Invocation Invocation)>();
        List<Invocation> throttled;
        lock (_gate)
        {
            if (!_finishing.Remove(instance) || _disposed)
            {
                return;
            }

            while (_waiting.Count > _finishing.Count && TryAddInstanceLocked() is { } added)
            {
                starts.Add((added, _waiting.Dequeue()));
            }

            throttled = _throttleWhenBusy ? TakeOverflowLocked() : [];
        }

        foreach (var (added, invocation) in starts)
        {
            added.Start(invocation);
        }

        throttled.ForEach(Throttle);
    }

    /// <summary>
    /// The synchronous invocations that waited on a finishing instance and now have none: at the cap they are
    /// throttled, as Lambda throttles a call that finds every environment busy.
    /// </summary>
    private List<Invocation> TakeOverflowLocked()
    {
        var overflow = _waiting.Count - _finishing.Count;
        var throttled = new List<Invocation>();
        if (overflow <= 0)
        {
            return throttled;
        }

        var kept = new List<Invocation>();
        while (_waiting.TryDequeue(out var waiting))
        {
            if (throttled.Count < overflow && waiting.WaitsOnFinishing)
            {
                throttled.Add(waiting);
            }
            else
            {
                kept.Add(waiting);
            }
        }

        kept.ForEach(_waiting.Enqueue);
        return throttled;
    }

    public void OnInstanceAvailable(FunctionInstance instance)
    {
        Invocation? next = null;
        var retire = false;
        var freed = false;
        lock (_gate)
        {
            _finishing.Remove(instance);
            if (_disposed)
            {
                return;
            }

            if (_draining)
            {
                // It gave its slot back when it answered: a waiter here runs on it only if it wins a slot again.
                next = _waiting.Count > 0 && HoldSlotLocked(instance) ? _waiting.Dequeue() : null;
                retire = next is null;
                freed = retire && ReleaseSlotLocked(instance);
            }
            else if (!_waiting.TryDequeue(out next))
            {
                _idle.Add(instance);
            }
        }

        if (freed)
        {
            _slots.NotifyFreed();
        }

        if (next is not null)
        {
            instance.Assign(next);
        }
        else if (retire)
        {
            instance.Retire("replaced by a new version");
        }
        else
        {
            instance.ArmIdleTimer(_cloud.Options.IdleTimeout);
        }
    }

    public void RetireIfIdle(FunctionInstance instance)
    {
        lock (_gate)
        {
            if (!_idle.Remove(instance))
            {
                return;
            }
        }

        instance.Retire("idle timeout");
    }

    /// <summary>
    /// Notes that an instance's environment was reset (a timeout, a crash or a memory kill in its invoke phase, or a
    /// suppressed init that failed): the next instance started re-initializes it (see
    /// <see cref="TakeResetEnvironmentLocked"/>). Called before the failed invocation completes.
    /// </summary>
    public void RecordReset()
    {
        lock (_gate)
        {
            if (!_draining && !_disposed)
            {
                _resetEnvironments.Enqueue(_cloud.Time.GetTimestamp());
            }
        }
    }

    public void OnInstanceGone(FunctionInstance instance)
    {
        FunctionInstance? replacement = null;
        Invocation? next = null;
        bool freed;
        lock (_gate)
        {
            _instances.Remove(instance);
            _idle.Remove(instance);
            _finishing.Remove(instance);
            freed = ReleaseSlotLocked(instance);

            if (!_disposed && _waiting.Count > 0 && TryAddInstanceLocked() is { } added)
            {
                replacement = added;
                next = _waiting.Dequeue();
            }

            if (_draining && _instances.Count == 0 && _waiting.Count == 0)
            {
                _drained.TrySetResult();
            }
        }

        if (replacement is not null && next is not null)
        {
            replacement.Start(next);
        }

        if (freed)
        {
            _slots.NotifyFreed();
        }
    }

    /// <summary>Starts an invocation that waits here for a slot, now that an instance gave one back.</summary>
    /// <remarks>The instance may be another generation's: an old version's invocation that ended frees room.</remarks>
    public void OnSlotFreed()
    {
        FunctionInstance? cold = null;
        Invocation? next = null;
        lock (_gate)
        {
            // Waiters up to the number of finishing instances are theirs (see Dispatch), not a new instance's.
            if (!_disposed && _waiting.Count > _finishing.Count && TryAddInstanceLocked() is { } added)
            {
                cold = added;
                next = _waiting.Dequeue();
            }
        }

        if (cold is not null && next is not null)
        {
            cold.Start(next);
        }
    }

    public IReadOnlyList<int> GetProcessIds()
    {
        lock (_gate)
        {
            return _instances.Where(instance => instance.IsAlive).Select(instance => instance.ProcessId).ToArray();
        }
    }

    /// <summary>
    /// Lets invocations already in this pool finish, ending each instance as it turns idle, then stops the pool;
    /// an invocation still running after <paramref name="limit"/> is ended with its process.
    /// </summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        FunctionInstance[] idle;
        bool empty;
        var freed = false;
        lock (_gate)
        {
            _draining = true;
            idle = [.. _idle];
            _idle.Clear();

            // Idle and finishing instances run nothing, so from now on they leave the cap to the new version.
            foreach (var instance in idle.Concat(_finishing))
            {
                freed |= ReleaseSlotLocked(instance);
            }

            empty = _instances.Count == 0 && _waiting.Count == 0;
        }

        if (freed)
        {
            _slots.NotifyFreed();
        }

        foreach (var instance in idle)
        {
            instance.Retire("replaced by a new version");
        }

        if (!empty)
        {
            try
            {
                await _drained.Task.WaitAsync(limit, _cloud.Time);
            }
            catch (TimeoutException)
            {
                // The instances left are stuck past any sensible timeout; StopAsync ends them.
            }
        }

        await StopAsync();
    }

    public async Task StopAsync()
    {
        FunctionInstance[] instances;
        Invocation[] waiting;
        _slots.Leave(this);
        lock (_gate)
        {
            _disposed = true;
            instances = [.. _instances];
            waiting = [.. _waiting];
            _waiting.Clear();
            _idle.Clear();
        }

        foreach (var invocation in waiting)
        {
            RejectStopping(invocation);
        }

        await Task.WhenAll(instances.Select(instance => instance.StopAsync("local cloud stopping")));
    }

    /// <summary>Creates an instance when the function, across generations, has a slot free under this cap.</summary>
    private FunctionInstance? TryAddInstanceLocked()
    {
        if (!_slots.TryTake(MaxInstances))
        {
            return null;
        }

        var instance = new FunctionInstance(this, _cloud, Function, reinitializes: TakeResetEnvironmentLocked());
        _instances.Add(instance);
        _holdingSlot.Add(instance);
        PeakInstances = Math.Max(PeakInstances, _instances.Count);
        return instance;
    }

    /// <summary>
    /// Whether a new instance stands for an environment Lambda reset, rather than a new one: its init is then a
    /// suppressed one, without INIT_REPORT or Init Duration, and its time is part of the first invocation's Duration.
    /// </summary>
    /// <remarks>
    /// AWS's lifecycle page ("Failures during the invoke phase"): after a timeout or crash Lambda resets the
    /// environment, and "if this environment is used for a new invocation, Lambda re-initializes the extension and
    /// runtime together with the next invocation", which it calls a suppressed init. Locally the reset process is
    /// gone, so the next instance started plays that environment. A reset environment left unused for the idle
    /// timeout is forgotten, as an idle one is stopped. Limitation: Lambda may send the next request to another
    /// warm environment, or cold-start a new one; the emulator always re-initializes a reset one first.
    /// </remarks>
    private bool TakeResetEnvironmentLocked()
    {
        while (_resetEnvironments.TryPeek(out var resetAt)
            && _cloud.Time.GetElapsedTime(resetAt) >= _cloud.Options.IdleTimeout)
        {
            _resetEnvironments.Dequeue();
        }

        return _resetEnvironments.TryDequeue(out _);
    }

    private bool HoldSlotLocked(FunctionInstance instance) =>
        _holdingSlot.Contains(instance) || (_slots.TryTake(MaxInstances) && _holdingSlot.Add(instance));

    /// <summary>Gives back the slot of <paramref name="instance"/>, if it holds one.</summary>
    /// <returns>True when a slot freed; the caller then calls <see cref="ConcurrencySlots.NotifyFreed"/>.</returns>
    private bool ReleaseSlotLocked(FunctionInstance instance)
    {
        if (!_holdingSlot.Remove(instance))
        {
            return false;
        }

        _slots.Release();
        return true;
    }

    private static void Throttle(Invocation invocation) =>
        invocation.Reject(FunctionErrorKind.Throttled, "TooManyRequestsException", "Rate Exceeded.");

    private static void RejectStopping(Invocation invocation) =>
        invocation.Reject(
            FunctionErrorKind.RuntimeExit,
            LambdaErrors.ExitErrorType,
            $"RequestId: {invocation.RequestId} Error: the local cloud stopped before the function ran");
}
