using Stratus.Cli.Output;

namespace Stratus.Cli.Tests;

public sealed class FunctionLogLineTests
{
    [Fact]
    public void Render_SdkJsonLine_ShowsTimeLevelAndMessage()
    {
        const string line = """{"timestamp":"2026-12-04T16:43:04.299Z","level":"Warning","message":"Slow store","requestId":"r1"}""";

        var rendered = FunctionLogLine.Render(line);

        Assert.Equal("16:43:04.299 warn Slow store", rendered);
    }

    [Fact]
    public void Render_LineWithException_IndentsTheExceptionBelow()
    {
        const string line = """{"level":"Error","message":"Failed","exception":"System.InvalidOperationException: boom\n   at X"}""";

        var rendered = FunctionLogLine.Render(line);

        Assert.Equal("fail Failed\n    System.InvalidOperationException: boom\n       at X", rendered.ReplaceLineEndings("\n"));
    }

    // Other libraries' JSON logs keep every field: Powertools writes "INFO", object messages and number timestamps.
    [Theory]
    [InlineData("plain text from Console.WriteLine")]
    [InlineData("{not json")]
    [InlineData("""{"other":"shape"}""")]
    [InlineData("""{"level":"INFO","message":"order placed","service":"orders","order_id":"A-42"}""")]
    [InlineData("""{"level":"Information","message":{"order":"A-42"}}""")]
    [InlineData("""{"level":30,"message":"x"}""")]
    [InlineData("""{"level":"Information","message":"x","timestamp":1796575000000}""")]
    [InlineData("""[{"level":"Information","message":"x"}]""")]
    public void Render_AnythingElse_PassesThroughUnchanged(string line)
    {
        Assert.Equal(line, FunctionLogLine.Render(line));
    }
}
