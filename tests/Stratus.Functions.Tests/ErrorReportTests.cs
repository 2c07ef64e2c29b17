using System.Text.Json;
using Stratus.Functions.Internal;

namespace Stratus.Functions.Tests;

/// <summary>The error body of a failed invocation: inner exceptions nested as AWS's .NET runtime nests them.</summary>
public sealed class ErrorReportTests
{
    [Fact]
    public void From_ExceptionWithAnInnerOne_NestsItAsTheCauseWithItsOwnStackTrace()
    {
        var thrown = Catch(() => Wrap(() => ThrowTimeout("the database did not answer"), "loading user 42 failed"));

        var body = Serialize(ErrorReport.From(thrown));

        Assert.Equal("InvalidOperationException", body.GetProperty("errorType").GetString());
        Assert.Equal("loading user 42 failed", body.GetProperty("errorMessage").GetString());
        Assert.DoesNotContain(body.GetProperty("stackTrace").EnumerateArray(), Mentions(nameof(ThrowTimeout)));
        var cause = body.GetProperty("cause");
        Assert.Equal("TimeoutException", cause.GetProperty("errorType").GetString());
        Assert.Equal("the database did not answer", cause.GetProperty("errorMessage").GetString());
        Assert.Contains(cause.GetProperty("stackTrace").EnumerateArray(), Mentions(nameof(ThrowTimeout)));
        Assert.False(cause.TryGetProperty("cause", out _));
        Assert.False(body.TryGetProperty("causes", out _));
    }

    [Fact]
    public void From_ExceptionWithoutInnerOne_WritesNoCauseKeys()
    {
        var body = Serialize(ErrorReport.From(Catch(() => ThrowTimeout("slow"))));

        Assert.Equal(["errorMessage", "errorType", "stackTrace"], body.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public void From_AggregateException_ListsEveryInnerOneAsCausesAndTheFirstAsTheCause()
    {
        var first = Catch(() => ThrowTimeout("shard 1 timed out"));
        var second = Catch(() => Wrap(() => ThrowTimeout("shard 2 timed out"), "shard 2 failed"));

        var body = Serialize(ErrorReport.From(Catch(() => throw new AggregateException(first, second))));

        Assert.Equal("AggregateException", body.GetProperty("errorType").GetString());
        Assert.Equal("shard 1 timed out", body.GetProperty("cause").GetProperty("errorMessage").GetString());
        var causes = body.GetProperty("causes").EnumerateArray().ToList();
        Assert.Equal(
            ["shard 1 timed out", "shard 2 failed"], causes.Select(c => c.GetProperty("errorMessage").GetString()));
        Assert.Equal("shard 2 timed out", causes[1].GetProperty("cause").GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void From_CauseChainDeeperThanJsonNests_KeepsTheOutermostCausesAndStillSerializes()
    {
        Exception chain = new TimeoutException("root");
        for (var level = 1; level <= 100; level++)
        {
            chain = new InvalidOperationException($"level {level}", chain);
        }

        var body = Serialize(ErrorReport.From(chain));

        var depth = 0;
        for (var node = body; node.TryGetProperty("cause", out var cause); node = cause)
        {
            depth++;
            Assert.Equal($"level {100 - depth}", cause.GetProperty("errorMessage").GetString());
        }

        Assert.InRange(depth, 10, 60);
    }

    private static Predicate<JsonElement> Mentions(string method) =>
        line => line.GetString()!.Contains(method, StringComparison.Ordinal);

    private static JsonElement Serialize(RuntimeErrorBody body) =>
        JsonDocument.Parse(JsonSerializer.Serialize(body, SdkJsonContext.Default.RuntimeErrorBody)).RootElement;

    private static Exception Catch(Action action)
    {
        try
        {
            action();
        }
        catch (Exception thrown)
        {
            return thrown;
        }

        throw new InvalidOperationException("The action was expected to throw.");
    }

    private static void ThrowTimeout(string message) => throw new TimeoutException(message);

    private static void Wrap(Action action, string message)
    {
        try
        {
            action();
        }
        catch (Exception inner)
        {
            throw new InvalidOperationException(message, inner);
        }
    }
}
