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
        var partial = new OutputPipe.LineBuffer();

        OutputPipe.HandOut("one\r\ntwo\nthr", partial, lines.Add, endOfFile: false);
        OutputPipe.HandOut("ee", partial, lines.Add, endOfFile: true);

        Assert.Equal(["one", "two", "three"], lines);
    }

    // Lambda splits a log line past 256 KB (CloudWatch's event limit, in UTF-8 bytes) into several events; the
    // emulator must not hold a line without end either.
    [Fact]
    public void HandOut_LineLongerThanTheLimit_IsHandedOutInPiecesOfTheLimit()
    {
        var lines = new List<string>();
        var partial = new OutputPipe.LineBuffer();
        var limit = OutputPipe.MaxLineBytes;

        for (var written = 0; written < (2 * limit) + 10; written += 1000)
        {
            OutputPipe.HandOut(new string('a', 1000), partial, lines.Add, endOfFile: false);
        }

        Assert.Equal([limit, limit], lines.Select(line => line.Length));
        Assert.True(partial.Length < limit);
    }

    [Theory]
    [InlineData("\u00e9")] // two bytes
    [InlineData("\U0001F642")] // four bytes, a surrogate pair
    public void HandOut_LongLineOfWideCharacters_IsCutInBytesAndNeverInsideACharacter(string character)
    {
        var lines = new List<string>();
        var text = "a" + string.Concat(Enumerable.Repeat(character, 140_000)) + "\n";

        OutputPipe.HandOut(text, new OutputPipe.LineBuffer(), lines.Add, endOfFile: false);

        Assert.True(lines.Count > 1);
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= OutputPipe.MaxLineBytes));
        Assert.All(
            lines, line => Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(line))));
        Assert.Equal(text.TrimEnd('\n'), string.Concat(lines));
    }

    [Fact]
    public void HandOut_LineOfExactlyTheLimit_IsOneLineWithNoEmptyOneAfterIt()
    {
        var lines = new List<string>();
        var text = new string('a', OutputPipe.MaxLineBytes) + "\n";

        OutputPipe.HandOut(text, new OutputPipe.LineBuffer(), lines.Add, endOfFile: false);

        Assert.Equal([OutputPipe.MaxLineBytes], lines.Select(line => line.Length));
    }
}
