using System.Text;
using Stratus.Local.Internal;

namespace Stratus.Local.Tests;

/// <summary>How a function's output pipe is cut into lines.</summary>
public sealed class OutputPipeTests
{
    [Fact]
    public void HandOut_LinesEndedByNewlines_AreHandedOutWithoutTheirCarriageReturns()
    {
        var lines = new List<string>();
        var partial = new StringBuilder();

        OutputPipe.HandOut("one\r\ntwo\nthr", partial, lines.Add, endOfFile: false);
        OutputPipe.HandOut("ee", partial, lines.Add, endOfFile: true);

        Assert.Equal(["one", "two", "three"], lines);
    }

    // Lambda splits a log line past 256 KB into several events; the emulator must not hold a line without end.
    [Fact]
    public void HandOut_LineLongerThanTheLimit_IsHandedOutInPiecesOfTheLimit()
    {
        var lines = new List<string>();
        var partial = new StringBuilder();
        var limit = OutputPipe.MaxLineChars;

        for (var written = 0; written < (2 * limit) + 10; written += 1000)
        {
            OutputPipe.HandOut(new string('a', 1000), partial, lines.Add, endOfFile: false);
        }

        Assert.Equal([limit, limit], lines.Select(line => line.Length));
        Assert.True(partial.Length < limit);
    }

    [Fact]
    public void HandOut_LineOfExactlyTheLimit_IsOneLineWithNoEmptyOneAfterIt()
    {
        var lines = new List<string>();

        OutputPipe.HandOut(new string('a', OutputPipe.MaxLineChars) + "\n", new StringBuilder(), lines.Add, false);

        Assert.Equal([OutputPipe.MaxLineChars], lines.Select(line => line.Length));
    }
}
