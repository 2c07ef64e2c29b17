using Microsoft.Extensions.Time.Testing;
using Stratus.Local.Internal;

namespace Stratus.Local.Tests;

/// <summary>
/// When the memorySize check reads the process's peak: whenever the time since the last reading could have let it
/// cross the limit, and not on every warm answer, which cost the emulator's socket thread a /proc read per request.
/// </summary>
public sealed class MemoryWatchTests
{
    private const long Megabyte = 1024 * 1024;

    // 64 MB of headroom fills in 1 ms at the assumed 64 MB/ms.
    private const long PeakWithOneMillisecondOfHeadroom = 64 * Megabyte;

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void HasExceeded_FirstAnswer_ReadsThePeak()
    {
        var peak = new FakePeak(60 * Megabyte);
        using var watch = Watch(peak);

        var exceeded = watch.HasExceeded();

        Assert.False(exceeded);
        Assert.Equal(1, peak.Reads);
    }

    [Fact]
    public void HasExceeded_AnswersSoonAfterAReading_ReadNothingUntilTheHeadroomCouldBeFilled()
    {
        var peak = new FakePeak(PeakWithOneMillisecondOfHeadroom);
        using var watch = Watch(peak);
        watch.HasExceeded();

        for (var answer = 0; answer < 3; answer++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(0.3));
            Assert.False(watch.HasExceeded());
        }

        var readsWithinHeadroom = peak.Reads;
        _clock.Advance(TimeSpan.FromMilliseconds(0.3));
        watch.HasExceeded();

        Assert.Equal(1, readsWithinHeadroom);
        Assert.Equal(2, peak.Reads);
    }

    [Fact]
    public void HasExceeded_ProcessGrewPastItsLimitWhileIdle_NextAnswerReadsAndReportsTheCrossing()
    {
        // A thread the function left running grew it between invocations; the next answer is quick, but the time
        // since the last reading is long enough.
        var peak = new FakePeak(70 * Megabyte);
        var reported = new List<long>();
        using var watch = Watch(peak, reported.Add);
        watch.HasExceeded();
        peak.Bytes = 134 * Megabyte;
        _clock.Advance(TimeSpan.FromMilliseconds(2));

        var exceeded = watch.HasExceeded();

        Assert.True(exceeded);
        Assert.Equal([134 * Megabyte], reported);
    }

    [Fact]
    public void HasExceeded_ProcessNearItsLimit_ReadsOnEveryAnswer()
    {
        // 1 MB of headroom fills in about 0.016 ms.
        var peak = new FakePeak(127 * Megabyte);
        using var watch = Watch(peak);

        for (var answer = 0; answer < 3; answer++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(0.1));
            watch.HasExceeded();
        }

        Assert.Equal(3, peak.Reads);
    }

    [Fact]
    public void HasExceeded_AfterTheCrossing_StaysTrueAndReportsOnce()
    {
        var peak = new FakePeak(300 * Megabyte);
        var reported = new List<long>();
        using var watch = Watch(peak, reported.Add);

        var first = watch.HasExceeded();
        var again = watch.HasExceeded();

        Assert.True(first);
        Assert.True(again);
        Assert.Single(reported);
        Assert.Equal(1, peak.Reads);
    }

    [Fact]
    public void Poll_ReadsThePeakAndRestartsTheTimeSinceReading()
    {
        var peak = new FakePeak(PeakWithOneMillisecondOfHeadroom);
        using var watch = Watch(peak);

        _clock.Advance(MemoryWatch.PollInterval);
        _clock.Advance(TimeSpan.FromMilliseconds(0.5));
        watch.HasExceeded();

        Assert.Equal(1, peak.Reads);
    }

    [Fact]
    public void Poll_ProcessPastItsLimitBetweenAnswers_IsReported()
    {
        var peak = new FakePeak(60 * Megabyte);
        var reported = new List<long>();
        using var watch = Watch(peak, reported.Add);
        peak.Bytes = 129 * Megabyte;

        _clock.Advance(MemoryWatch.PollInterval);

        Assert.Equal([129 * Megabyte], reported);
        Assert.True(watch.HasExceeded());
    }

    [Fact]
    public void HasExceeded_ProcessGone_IsNotReportedAsExceeded()
    {
        var peak = new FakePeak(null);
        using var watch = Watch(peak);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(watch.HasExceeded());
    }

    private MemoryWatch Watch(FakePeak peak, Action<long>? onExceeded = null) =>
        new(peak.Read, memorySizeMegabytes: 128, onExceeded ?? (_ => { }), _clock);

    /// <summary>A process whose peak the test sets, counting how often it is read.</summary>
    private sealed class FakePeak(long? bytes)
    {
        public long? Bytes { get; set; } = bytes;

        public int Reads { get; private set; }

        public long? Read()
        {
            Reads++;
            return Bytes;
        }
    }
}
