using Microsoft.Extensions.Time.Testing;
using Stratus.Local.Internal;

namespace Stratus.Local.Tests;

/// <summary>
/// When the memorySize check reads the process's peak: whenever it could have crossed the limit, and not on every
/// warm answer, which cost the emulator's socket thread a /proc read per request.
/// </summary>
public sealed class MemoryWatchTests
{
    private const long Megabyte = 1024 * 1024;

    [Fact]
    public void HasExceeded_FirstAnswer_ReadsThePeak()
    {
        var peak = new FakePeak(60 * Megabyte);
        using var watch = peak.Watch(memorySizeMegabytes: 128);

        var exceeded = watch.HasExceeded(TimeSpan.FromMilliseconds(0.1));

        Assert.False(exceeded);
        Assert.Equal(1, peak.Reads);
    }

    [Fact]
    public void HasExceeded_ShortAnswersWithHeadroom_ReadNothingUntilTheirRunTimeCouldFillIt()
    {
        // 68 MB of headroom at 32 MB/ms: the answers after the first read may run 2.125 ms between them unread.
        var peak = new FakePeak(60 * Megabyte);
        using var watch = peak.Watch(memorySizeMegabytes: 128);
        watch.HasExceeded(TimeSpan.Zero);

        for (var answer = 0; answer < 4; answer++)
        {
            Assert.False(watch.HasExceeded(TimeSpan.FromMilliseconds(0.5)));
        }

        var readsWithinHeadroom = peak.Reads;
        watch.HasExceeded(TimeSpan.FromMilliseconds(0.5));

        Assert.Equal(1, readsWithinHeadroom);
        Assert.Equal(2, peak.Reads);
    }

    [Fact]
    public void HasExceeded_AnswerLongEnoughToFillTheHeadroom_ReadsAndReportsTheCrossing()
    {
        var peak = new FakePeak(60 * Megabyte);
        var reported = new List<long>();
        using var watch = peak.Watch(memorySizeMegabytes: 128, reported.Add);
        watch.HasExceeded(TimeSpan.Zero);
        peak.Bytes = 200 * Megabyte;

        var exceeded = watch.HasExceeded(TimeSpan.FromMilliseconds(3));

        Assert.True(exceeded);
        Assert.Equal([200 * Megabyte], reported);
    }

    [Fact]
    public void HasExceeded_ProcessNearItsLimit_ReadsOnEveryAnswer()
    {
        // 1 MB of headroom fills in about 0.03 ms.
        var peak = new FakePeak(127 * Megabyte);
        using var watch = peak.Watch(memorySizeMegabytes: 128);

        for (var answer = 0; answer < 3; answer++)
        {
            watch.HasExceeded(TimeSpan.FromMilliseconds(0.1));
        }

        Assert.Equal(3, peak.Reads);
    }

    [Fact]
    public void HasExceeded_AfterTheCrossing_StaysTrueAndReportsOnce()
    {
        var peak = new FakePeak(300 * Megabyte);
        var reported = new List<long>();
        using var watch = peak.Watch(memorySizeMegabytes: 128, reported.Add);

        var first = watch.HasExceeded(TimeSpan.Zero);
        var again = watch.HasExceeded(TimeSpan.Zero);

        Assert.True(first);
        Assert.True(again);
        Assert.Single(reported);
        Assert.Equal(1, peak.Reads);
    }

    [Fact]
    public void Poll_ReadsThePeakAndRestartsTheUnreadRunTime()
    {
        // Four 0.5 ms answers fill 68 MB of headroom with the fifth; a poll between them starts the count over.
        var peak = new FakePeak(60 * Megabyte);
        var clock = new FakeTimeProvider();
        using var watch = peak.Watch(memorySizeMegabytes: 128, clock: clock);
        watch.HasExceeded(TimeSpan.Zero);
        watch.HasExceeded(TimeSpan.FromMilliseconds(1.5));

        clock.Advance(MemoryWatch.PollInterval);
        watch.HasExceeded(TimeSpan.FromMilliseconds(1.5));

        Assert.Equal(2, peak.Reads);
    }

    [Fact]
    public void Poll_ProcessPastItsLimitBetweenAnswers_IsReported()
    {
        var peak = new FakePeak(60 * Megabyte);
        var clock = new FakeTimeProvider();
        var reported = new List<long>();
        using var watch = peak.Watch(memorySizeMegabytes: 128, reported.Add, clock);
        peak.Bytes = 129 * Megabyte;

        clock.Advance(MemoryWatch.PollInterval);

        Assert.Equal([129 * Megabyte], reported);
        Assert.True(watch.HasExceeded(TimeSpan.Zero));
    }

    [Fact]
    public void HasExceeded_ProcessGone_IsNotReportedAsExceeded()
    {
        var peak = new FakePeak(null);
        using var watch = peak.Watch(memorySizeMegabytes: 128);

        Assert.False(watch.HasExceeded(TimeSpan.FromSeconds(1)));
    }

    /// <summary>A process whose peak the test sets, counting how often it is read.</summary>
    private sealed class FakePeak(long? bytes)
    {
        public long? Bytes { get; set; } = bytes;

        public int Reads { get; private set; }

        public MemoryWatch Watch(int memorySizeMegabytes, Action<long>? onExceeded = null, TimeProvider? clock = null) =>
            new(Read, memorySizeMegabytes, onExceeded ?? (_ => { }), clock ?? new FakeTimeProvider());

        private long? Read()
        {
            Reads++;
            return Bytes;
        }
    }
}
