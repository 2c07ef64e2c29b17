namespace Stratus.Local.Internal;

/// <summary>
/// Holds a function process to its memorySize the way Lambda holds an execution environment to it: once the
/// process's resident memory passes the limit, it is reported (once) so the instance can be killed, which Lambda
/// reports as Runtime.ExitError, "signal: killed".
/// </summary>
/// <remarks>
/// The figure is the kernel's peak resident set (VmHWM), polled every <see cref="PollInterval"/>, so a spike
/// between two polls is still seen. A poll that finds the process past half its limit also makes every answer
/// it posts read the figure first (<see cref="HasExceeded"/>), so a function near its limit never gets an
/// answer delivered that Lambda would have killed; a function far below it costs the warm path nothing.
/// Limitations: a function that climbs from under half its limit to over it and answers within one poll gets
/// that answer delivered, and the next poll stops the instance; only the process itself is measured, not its
/// children, where Lambda's limit covers the whole sandbox.
/// </remarks>
internal sealed class MemoryWatch : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

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

    public long LimitBytes => _limitBytes;

    /// <summary>
    /// Whether the process has passed its limit; reads the figure afresh only once a poll found it near.
    /// </summary>
    public bool HasExceeded() =>
        Volatile.Read(ref _exceeded) == 1 || (_nearLimit && Check());

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
