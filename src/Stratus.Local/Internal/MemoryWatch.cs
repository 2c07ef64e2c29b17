namespace Stratus.Local.Internal;

/// <summary>
/// Holds a function process to its memorySize the way Lambda holds an execution environment to it: once the
/// process's resident memory passes the limit, it is reported (once) so the instance can be killed, which Lambda
/// reports as Runtime.ExitError, "signal: killed".
/// </summary>
/// <remarks>
/// The figure is the kernel's peak resident set (VmHWM), polled every <see cref="PollInterval"/>, so a spike
/// between two polls is still seen. An answer is also checked before it is taken (<see cref="HasExceeded"/>) when
/// the process was past half its limit at the last poll, or when its invocation ran <see cref="GrowthWindow"/> or
/// longer: the kernel zeroes every new page, so a process cannot grow by half of even the smallest memorySize
/// (64 of 128 MB) faster than that. A warm invocation of a function far below its limit, the fast path, reads
/// nothing (a read of /proc/&lt;pid&gt;/status costs about 7 µs).
/// Limitation: only the process itself is measured, not its children, where Lambda's limit covers the whole
/// sandbox.
/// </remarks>
internal sealed class MemoryWatch : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The shortest invocation that could have grown past the limit from under half of it.</summary>
    public static readonly TimeSpan GrowthWindow = TimeSpan.FromMilliseconds(2);

    private readonly PeakMemory _peakMemory;
    private readonly long _limitBytes;
    private readonly Action<long> _onExceeded;
    private readonly ITimer _timer;
    private volatile bool _nearLimit;
    private int _exceeded;

    /// <param name="peakMemory">The process's peak resident memory.</param>
    /// <param name="memorySizeMegabytes">The function's memorySize.</param>
    /// <param name="onExceeded">Called once, with the peak in bytes, when the process passes its limit.</param>
    public MemoryWatch(PeakMemory peakMemory, int memorySizeMegabytes, Action<long> onExceeded)
    {
        _peakMemory = peakMemory;
        _limitBytes = memorySizeMegabytes * 1024L * 1024L;
        _onExceeded = onExceeded;

        // Real time on purpose: this samples a real process, which a test's fake clock would never advance.
        _timer = TimeProvider.System.CreateTimer(
            static state => ((MemoryWatch)state!).Check(), this, PollInterval, PollInterval);
    }

    /// <summary>
    /// Whether the process has passed its limit; reads the figure afresh when a poll found it near, or when the
    /// invocation that answers ran long enough to have grown that much.
    /// </summary>
    /// <param name="invocationTime">How long the answering invocation has run.</param>
    public bool HasExceeded(TimeSpan invocationTime) =>
        Volatile.Read(ref _exceeded) == 1 || ((_nearLimit || invocationTime >= GrowthWindow) && Check());

    public void Dispose() => _timer.Dispose();

    private bool Check()
    {
        if (_peakMemory.ReadBytes() is not { } peak)
        {
            return false;
        }

        _nearLimit = peak > _limitBytes / 2;
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
