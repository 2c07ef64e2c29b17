namespace Stratus.Local.Internal;

/// <summary>
/// Holds a function process to its memorySize the way Lambda holds an execution environment to it: once the
/// process's resident memory passes the limit, it is reported (once) so the instance can be killed, which Lambda
/// reports as Runtime.ExitError, "signal: killed".
/// </summary>
/// <remarks>
/// The figure is the kernel's peak resident set (VmHWM), polled every <see cref="PollInterval"/>, so a spike
/// between two polls is still seen. An answer is also checked before it is taken (<see cref="HasExceeded"/>), but
/// only when the process could have crossed the limit since the last read: the kernel zeroes every new page, so a
/// process grows by at most <see cref="MaxGrowthBytesPerMillisecond"/> while it runs, and the invocations answered
/// since that read ran for a known time. A warm, short invocation of a function with headroom reads nothing, which
/// matters because a read of /proc/&lt;pid&gt;/status costs about 6 µs of the emulator's socket thread: reading
/// on every answer of a managed function (67 MB of its 128) was a tenth of `dev`'s CPU under load.
/// Limitation: only the process itself is measured, not its children, where Lambda's limit covers the whole
/// sandbox; and growth between invocations (a background thread) is seen by the next poll only.
/// </remarks>
internal sealed class MemoryWatch : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A bound on how fast a process's resident memory can grow: half of the smallest memorySize (64 of 128 MB) in
    /// 2 ms, several times what one core zeroing fresh pages achieves.
    /// </summary>
    public const long MaxGrowthBytesPerMillisecond = 32L * 1024 * 1024;

    private readonly Func<long?> _readPeakBytes;
    private readonly long _limitBytes;
    private readonly Action<long> _onExceeded;
    private readonly ITimer _timer;

    // The peak at the last read, and how long the process has run invocations since: together, how far it could
    // be now. The first read comes with the first answer (or poll), as nothing is known before it.
    private long _lastPeakBytes = long.MaxValue;
    private long _unreadRunTicks;
    private int _exceeded;

    /// <param name="readPeakBytes">Reads the process's peak resident memory, or null once it is gone.</param>
    /// <param name="memorySizeMegabytes">The function's memorySize.</param>
    /// <param name="onExceeded">Called once, with the peak in bytes, when the process passes its limit.</param>
    /// <param name="pollClock">
    /// Drives the poll. The emulator passes real time whatever its own clock: this samples a real process, which a
    /// test's fake clock would never advance.
    /// </param>
    public MemoryWatch(
        Func<long?> readPeakBytes,
        int memorySizeMegabytes,
        Action<long> onExceeded,
        TimeProvider pollClock)
    {
        _readPeakBytes = readPeakBytes;
        _limitBytes = memorySizeMegabytes * 1024L * 1024L;
        _onExceeded = onExceeded;
        _timer = pollClock.CreateTimer(
            static state => ((MemoryWatch)state!).Check(), this, PollInterval, PollInterval);
    }

    /// <summary>
    /// Whether the process has passed its limit; reads the figure afresh only when the invocations since the last
    /// read (this one included) ran long enough to have grown it past the limit.
    /// </summary>
    /// <param name="invocationTime">How long the answering invocation has run.</param>
    public bool HasExceeded(TimeSpan invocationTime)
    {
        if (Volatile.Read(ref _exceeded) == 1)
        {
            return true;
        }

        var unreadRun = TimeSpan.FromTicks(Interlocked.Add(ref _unreadRunTicks, invocationTime.Ticks));
        return CouldHaveExceeded(unreadRun) && Check();
    }

    public void Dispose() => _timer.Dispose();

    private bool CouldHaveExceeded(TimeSpan unreadRun)
    {
        var lastPeak = Interlocked.Read(ref _lastPeakBytes);
        if (lastPeak > _limitBytes)
        {
            return true;
        }

        // Compared as a time, not as bytes, so a long invocation cannot overflow the product.
        var headroomMilliseconds = (double)(_limitBytes - lastPeak) / MaxGrowthBytesPerMillisecond;
        return unreadRun.TotalMilliseconds >= headroomMilliseconds;
    }

    private bool Check()
    {
        // Cleared before the read, so that time run after it is counted towards the next one.
        Interlocked.Exchange(ref _unreadRunTicks, 0);
        if (_readPeakBytes() is not { } peak)
        {
            return false;
        }

        Interlocked.Exchange(ref _lastPeakBytes, peak);
        if (peak <= _limitBytes)
        {
            return false;
        }

        if (Interlocked.Exchange(ref _exceeded, 1) == 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _onExceeded(peak);
        }

        return true;
    }
}
