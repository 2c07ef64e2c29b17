namespace Stratus.Local.Internal;

/// <summary>
/// Holds a function process to its memorySize the way Lambda holds an execution environment to it: once the
/// process's resident memory passes the limit, it is reported (once) so the instance can be killed, which Lambda
/// reports as Runtime.ExitError, "signal: killed".
/// </summary>
/// <remarks>
/// The figure is the kernel's peak resident set (VmHWM), polled every <see cref="PollInterval"/>, so a spike
/// between two polls is still seen. An answer is also checked before it is taken (<see cref="HasExceeded"/>), but
/// only when the process could have crossed the limit since the last reading: a process grows by at most
/// <see cref="MaxGrowthBytesPerMillisecond"/>, so the headroom that reading left takes a known time to fill. The
/// time is wall time, not the invocations' run time: a local process is not frozen between invocations as
/// Lambda's are, so a thread the function left running may grow it while it waits for its next event. Under load
/// a warm instance with room to spare reads once per several answers, which matters because a read of
/// /proc/&lt;pid&gt;/status costs about 6 µs of the emulator's socket thread: reading on every answer of a
/// managed function (67 MB of its 128) was a tenth of `dev`'s CPU.
/// Limitation: only the process itself is measured, not its children, where Lambda's limit covers the whole
/// sandbox.
/// </remarks>
internal sealed class MemoryWatch : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A bound on how fast a process's resident memory can grow: about the memory bandwidth of a laptop, twice what
    /// a process reached here mapping a cached file with MAP_POPULATE (25-28 MB/ms, no page zeroing at all).
    /// </summary>
    public const long MaxGrowthBytesPerMillisecond = 64L * 1024 * 1024;

    private readonly Func<long?> _readPeakBytes;
    private readonly long _limitBytes;
    private readonly Action<long> _onExceeded;
    private readonly TimeProvider _clock;
    private readonly ITimer _timer;

    // The peak at the last reading and when it was taken: together, how far the process could be now. Nothing is
    // known before the first reading.
    private long _lastPeakBytes = long.MaxValue;
    private long _lastReadTimestamp;
    private int _exceeded;

    /// <param name="readPeakBytes">Reads the process's peak resident memory, or null once it is gone.</param>
    /// <param name="memorySizeMegabytes">The function's memorySize.</param>
    /// <param name="onExceeded">Called once, with the peak in bytes, when the process passes its limit.</param>
    /// <param name="clock">
    /// Drives the poll and times the readings. The emulator passes real time whatever its own clock: this samples
    /// a real process, which a test's fake clock would never advance.
    /// </param>
    public MemoryWatch(Func<long?> readPeakBytes, int memorySizeMegabytes, Action<long> onExceeded, TimeProvider clock)
    {
        _readPeakBytes = readPeakBytes;
        _limitBytes = memorySizeMegabytes * 1024L * 1024L;
        _onExceeded = onExceeded;
        _clock = clock;
        _lastReadTimestamp = clock.GetTimestamp();
        _timer = clock.CreateTimer(static state => ((MemoryWatch)state!).Check(), this, PollInterval, PollInterval);
    }

    /// <summary>
    /// Whether the process has passed its limit; reads the figure afresh only when the time since the last reading
    /// is long enough for the process to have grown past the limit.
    /// </summary>
    public bool HasExceeded() => Volatile.Read(ref _exceeded) == 1 || (CouldHaveExceeded() && Check());

    public void Dispose() => _timer.Dispose();

    private bool CouldHaveExceeded()
    {
        var lastPeak = Interlocked.Read(ref _lastPeakBytes);
        if (lastPeak > _limitBytes)
        {
            return true;
        }

        // Compared as a time, not as bytes, so that a long wait cannot overflow the product.
        var sinceReading = _clock.GetElapsedTime(Interlocked.Read(ref _lastReadTimestamp));
        var headroomMilliseconds = (double)(_limitBytes - lastPeak) / MaxGrowthBytesPerMillisecond;
        return sinceReading.TotalMilliseconds >= headroomMilliseconds;
    }

    private bool Check()
    {
        // Timed before the read, so that growth during it counts towards the next one.
        var readAt = _clock.GetTimestamp();
        if (_readPeakBytes() is not { } peak)
        {
            return false;
        }

        Interlocked.Exchange(ref _lastPeakBytes, peak);
        Interlocked.Exchange(ref _lastReadTimestamp, readAt);
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
