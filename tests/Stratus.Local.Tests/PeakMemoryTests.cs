using System.Diagnostics;
using System.Text;
using Stratus.Local.Internal;

namespace Stratus.Local.Tests;

/// <summary>The "Max Memory Used" figure of REPORT lines, read from /proc/&lt;pid&gt;/status on Linux.</summary>
public sealed class PeakMemoryTests
{
    [Fact]
    public void ParseVmHwm_StatusText_ReturnsBytes()
    {
        var status = Encoding.ASCII.GetBytes("Name:\tdotnet\nVmPeak:\t  900000 kB\nVmHWM:\t   51234 kB\nVmRSS:\t 40000 kB\n");

        var bytes = PeakMemory.ParseVmHwm(status);

        Assert.Equal(51234L * 1024, bytes);
    }

    [Fact]
    public void ParseVmHwm_NoVmHwmLine_ReturnsNull()
    {
        var status = Encoding.ASCII.GetBytes("Name:\tkthreadd\nState:\tS (sleeping)\n");

        var bytes = PeakMemory.ParseVmHwm(status);

        Assert.Null(bytes);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(512L * 1024)]
    [InlineData(1024L * 1024 - 1)]
    public void ReportedMegabytes_ReadingUnderOneMegabyte_IsLeftOutNotZero(long peakBytes)
    {
        // A process read just after its exec (a bootstrap that then exits during init) shows a VmHWM of a few kB
        // or 0; Lambda never reports "Max Memory Used: 0 MB".
        var megabytes = PeakMemory.ReportedMegabytes(peakBytes, memorySizeMegabytes: 128);

        Assert.Null(megabytes);
    }

    [Fact]
    public void ReportedMegabytes_NoReading_IsLeftOut()
    {
        var megabytes = PeakMemory.ReportedMegabytes(peakBytes: null, memorySizeMegabytes: 128);

        Assert.Null(megabytes);
    }

    [Theory]
    [InlineData(1024L * 1024, 1L)]
    [InlineData(18L * 1024 * 1024 + 5, 18L)]
    [InlineData(300L * 1024 * 1024, 128L)]
    public void ReportedMegabytes_Reading_IsWholeMegabytesCappedAtMemorySize(long peakBytes, long expected)
    {
        var megabytes = PeakMemory.ReportedMegabytes(peakBytes, memorySizeMegabytes: 128);

        Assert.Equal(expected, megabytes);
    }

    [Fact]
    public void ReadBytes_CurrentProcess_MatchesPeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        using var peakMemory = new PeakMemory(process);

        var first = peakMemory.ReadBytes();
        var again = peakMemory.ReadBytes();
        process.Refresh();
        var peak = process.PeakWorkingSet64;

        // The peak only grows. .NET's figure is read a moment later and by another route (it was once seen 20 KB
        // below VmHWM), so the two must agree closely, not exactly: a unit slip (KB for bytes) is 1024 times off.
        Assert.NotNull(first);
        Assert.NotNull(again);
        Assert.InRange(first.Value, 1, again.Value);
        Assert.InRange(again.Value, peak * 0.95, peak * 1.05);
    }

    [Fact]
    public void ReadBytes_AfterDispose_ReturnsNullOnLinux()
    {
        using var process = Process.GetCurrentProcess();
        var peakMemory = new PeakMemory(process);
        peakMemory.ReadBytes();

        peakMemory.Dispose();
        var bytes = peakMemory.ReadBytes();

        Assert.True(bytes is null || !OperatingSystem.IsLinux());
    }

    [Fact]
    public async Task LastKnownBytes_ProcessGone_KeepsTheLastReadingForTheReport()
    {
        // A crashed or killed function still gets Max Memory Used in its REPORT, as in Lambda: the last reading.
        using var process = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        using var peakMemory = new PeakMemory(process);
        var whileRunning = peakMemory.ReadBytes();

        process.Kill();
        await process.WaitForExitAsync();
        var afterExit = peakMemory.ReadBytes();

        Assert.NotNull(whileRunning);
        Assert.Null(afterExit);
        Assert.Equal(whileRunning, peakMemory.LastKnownBytes);
    }

    [Fact]
    public void LastKnownBytes_NeverRead_IsNull()
    {
        using var process = Process.GetCurrentProcess();
        using var peakMemory = new PeakMemory(process);

        Assert.Null(peakMemory.LastKnownBytes);
    }
}
