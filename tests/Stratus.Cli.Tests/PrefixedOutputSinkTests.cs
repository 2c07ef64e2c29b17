using Stratus.Cli.Output;
using Stratus.Local;

namespace Stratus.Cli.Tests;

/// <summary>Function output on the console: prefixed lines, written in batches, never holding up a function.</summary>
public sealed class PrefixedOutputSinkTests
{
    [Fact]
    public void WriteLine_PlatformLine_StandsUnprefixedBetweenTheFunctionsLines()
    {
        // Lambda's own INIT_REPORT line, shown by `invoke local` where the log has it, as its REPORT is shown.
        using var console = new StringWriter();
        using var sink = new PrefixedOutputSink(console);

        sink.WriteLine("shell", FunctionOutputStream.StandardError, "init: holding");
        sink.WriteLine("shell", FunctionOutputStream.Platform, "INIT_REPORT Init Duration: 10000.00 ms\tPhase: init");
        sink.WriteLine("shell", FunctionOutputStream.StandardError, "init: again");
        sink.Flush();

        Assert.Equal(
            "[shell] init: holding\nINIT_REPORT Init Duration: 10000.00 ms\tPhase: init\n[shell] init: again\n",
            console.ToString());
    }

    [Fact]
    public async Task WriteLine_ConsoleNotReading_NeverBlocksAndReportsTheLinesDroppedOnceItReadsAgain()
    {
        using var stalled = new StalledWriter();
        using var sink = new PrefixedOutputSink(stalled);
        var line = new string('x', 1000);

        // A first batch is stuck in the console's write, so every later line waits in the pending text.
        sink.WriteLine("status", FunctionOutputStream.StandardOutput, "first");
        var stuckFlush = Task.Run(sink.Flush);
        Assert.True(stalled.WaitUntilWriting(TimeSpan.FromSeconds(10)), "the first batch never reached the console");

        // About 10 MB while the console reads nothing: every call must return, and the pending text stays bounded.
        for (var i = 0; i < 10_000; i++)
        {
            sink.WriteLine("status", FunctionOutputStream.StandardOutput, line);
        }

        stalled.Release();
        await stuckFlush.WaitAsync(TimeSpan.FromSeconds(10));
        sink.Flush();

        var written = stalled.ToString();
        Assert.StartsWith("[status] first\n[status] " + line + "\n", written, StringComparison.Ordinal);
        Assert.InRange(written.Length, 4_000_000, 4 * 1024 * 1024 + 200);
        Assert.Matches(
            @"\[stratus\] \d+ function output lines were dropped: the console did not keep up with them\.", written);
    }

    [Fact]
    public async Task WriteLine_ManyLinesInQuickSuccession_WritesThemInBatchesSoonAfterWithoutAFlush()
    {
        using var console = new CountingWriter();
        using var sink = new PrefixedOutputSink(console);

        for (var i = 0; i < 100; i++)
        {
            sink.WriteLine("status", FunctionOutputStream.StandardOutput, $"line {i}");
        }

        // No Flush: the sink's own timer writes the batch; poll with a deadline rather than sleeping.
        var started = TimeProvider.System.GetTimestamp();
        while (!console.ToString().EndsWith("line 99\n", StringComparison.Ordinal)
            && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(5);
        }

        // Batched, not a write per line (a loaded machine may split the hundred lines across a timer tick).
        Assert.InRange(console.Writes, 1, 10);
        Assert.StartsWith("[status] line 0\n[status] line 1\n", console.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("[status] line 99\n", console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteLine_OneLineLongerThanAMillionCharacters_KeepsItsStartAndSaysHowMuchIsCut()
    {
        using var console = new StringWriter();
        using var sink = new PrefixedOutputSink(console);
        var line = new string('x', 5_000_000);

        sink.WriteLine("dump", FunctionOutputStream.StandardOutput, line);
        sink.WriteLine("dump", FunctionOutputStream.StandardOutput, "after");
        sink.Flush();

        var written = console.ToString();
        Assert.StartsWith("[dump] " + new string('x', 1024 * 1024) + " [", written, StringComparison.Ordinal);
        var marker = $" [{5_000_000 - (1024 * 1024)} more characters of this line not shown]\n";
        Assert.Contains(marker, written, StringComparison.Ordinal);
        Assert.EndsWith("\n[dump] after\n", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Flush_ConsoleClosedMidWrite_DropsThatBatchOnceAndWritesLaterLinesAlone()
    {
        using var console = new FailingOnceWriter();
        using var sink = new PrefixedOutputSink(console);

        sink.WriteLine("status", FunctionOutputStream.StandardOutput, "lost");
        sink.Flush();
        sink.WriteLine("status", FunctionOutputStream.StandardOutput, "shown");
        sink.Flush();

        Assert.Equal("[status] shown\n", console.ToString());
    }

    /// <summary>A console whose first write fails as a closed pipe does.</summary>
    private sealed class FailingOnceWriter : StringWriter
    {
        private bool _failed;

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (!_failed)
            {
                _failed = true;
                throw new IOException("Broken pipe");
            }

            base.Write(buffer);
        }
    }

    /// <summary>A console that counts its writes; the test reads it while the sink's timer writes.</summary>
    private sealed class CountingWriter : StringWriter
    {
        private readonly Lock _gate = new();
        private int _writes;

        public int Writes
        {
            get
            {
                lock (_gate)
                {
                    return _writes;
                }
            }
        }

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(ReadOnlySpan<char> buffer)
        {
            lock (_gate)
            {
                base.Write(buffer);
                _writes++;
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return base.ToString();
            }
        }
    }

    /// <summary>A console that blocks every write until released, like a terminal after Ctrl+S.</summary>
    private sealed class StalledWriter : StringWriter
    {
        private readonly ManualResetEventSlim _writing = new();
        private readonly ManualResetEventSlim _released = new();

        public bool WaitUntilWriting(TimeSpan timeout) => _writing.Wait(timeout);

        public void Release() => _released.Set();

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(ReadOnlySpan<char> buffer)
        {
            _writing.Set();
            _released.Wait(TimeSpan.FromSeconds(30));
            base.Write(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            _released.Set();
            _released.Dispose();
            _writing.Dispose();
            base.Dispose(disposing);
        }
    }
}
