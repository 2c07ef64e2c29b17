using Stratus.Cli.Output;
using Stratus.Local;

namespace Stratus.Cli.Tests;

/// <summary>Function output on the console: prefixed lines, written in batches, never holding up a function.</summary>
public sealed class PrefixedOutputSinkTests
{
    [Fact]
    public void WriteLine_ConsoleNotReading_NeverBlocksAndReportsTheLinesDroppedOnceItReadsAgain()
    {
        using var stalled = new StalledWriter();
        using var sink = new PrefixedOutputSink(stalled);
        var line = new string('x', 1000);

        // About 10 MB while the console reads nothing: every call must return, and the pending text stays bounded.
        for (var i = 0; i < 10_000; i++)
        {
            sink.WriteLine("status", FunctionOutputStream.StandardOutput, line);
        }

        stalled.Release();
        sink.Flush();

        var written = stalled.ToString();
        Assert.StartsWith("[status] " + line + "\n", written, StringComparison.Ordinal);
        Assert.InRange(written.Length, 3_500_000, 4_500_000);
        Assert.Matches(
            @"\[stratus\] \d+ function output lines were dropped while the console was not reading\.", written);
    }

    /// <summary>A console that blocks every write until released, like a terminal after Ctrl+S.</summary>
    private sealed class StalledWriter : StringWriter
    {
        private readonly ManualResetEventSlim _released = new();

        public void Release() => _released.Set();

        public override void Write(string? value)
        {
            _released.Wait(TimeSpan.FromSeconds(30));
            base.Write(value);
        }

        protected override void Dispose(bool disposing)
        {
            _released.Set();
            _released.Dispose();
            base.Dispose(disposing);
        }
    }
}
