using System.Globalization;
using System.Text.RegularExpressions;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// memorySize as Lambda enforces it: an execution environment that passes it is killed, and the invocation fails
/// with Runtime.ExitError, "signal: killed" (the kernel's OOM kill of the sandbox).
/// </summary>
public sealed partial class MemoryLimitTests
{
    [Fact]
    public async Task Invoke_FunctionGrowsPastItsMemorySize_IsKilledWithRuntimeExitErrorAndReportsItsMemorySizeAsUsed()
    {
        await using var test = await TestCloud.StartAsync(Hungry());

        var result = await test.InvokeAsync("hungry", """{"mb":200,"holdMs":30000}""");

        Assert.Equal(FunctionErrorKind.RuntimeExit, result.Error);
        Assert.Equal("Runtime.ExitError", result.ErrorType);
        Assert.Equal(
            $"RequestId: {result.RequestId} Error: Runtime exited with error: signal: killed", result.ErrorMessage);
        var warning = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2029);
        Assert.Contains("more than its memorySize of 128 MB", warning.Message, StringComparison.Ordinal);
        Assert.True(UsedMegabytes(warning.Message) > 128, warning.Message);
        Assert.Contains("Raise the function's memorySize", warning.Message, StringComparison.Ordinal);
        Assert.Equal(128, MaxMemoryUsed(result.Logs));
    }

    [Fact]
    public async Task Invoke_AfterAMemoryKill_NextRequestReinitializesTheResetEnvironmentInANewProcess()
    {
        // A memory kill is a failure of the invoke phase: Lambda resets the environment and re-initializes it with
        // the next invocation, a suppressed init without Init Duration (lifecycle page, "Failures during the invoke
        // phase"); locally a new process plays it.
        await using var test = await TestCloud.StartAsync(Hungry());
        var killed = await test.InvokeAsync("hungry", """{"mb":200,"holdMs":30000}""");

        var next = await test.InvokeAsync("hungry", """{"mb":1}""");

        Assert.Equal(FunctionErrorKind.RuntimeExit, killed.Error);
        Assert.True(next.IsSuccess, next.ErrorMessage);
        Assert.Null(next.InitDuration);
    }

    [Fact]
    public async Task Invoke_AnswerPostedAfterPassingMemorySize_IsNotDelivered()
    {
        // The first invocation leaves the process with little headroom, which polls have read; the second passes
        // the limit and answers at once, before a poll could come: its run time could have filled the headroom,
        // so the answer is checked against the limit before it is taken.
        await using var test = await TestCloud.StartAsync(Hungry());
        var near = await test.InvokeAsync("hungry", """{"mb":40,"holdMs":500}""");

        var over = await test.InvokeAsync("hungry", """{"mb":100}""");

        Assert.True(near.IsSuccess, near.ErrorMessage);
        Assert.Equal(FunctionErrorKind.RuntimeExit, over.Error);
        Assert.Equal(
            $"RequestId: {over.RequestId} Error: Runtime exited with error: signal: killed", over.ErrorMessage);
        Assert.DoesNotContain("pid", System.Text.Encoding.UTF8.GetString(over.Payload.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ProcessGrewPastMemorySizeBetweenInvocations_NoAnswerComesFromIt()
    {
        // The process passes its limit after posting an answer, before it asks for its next event (a local process
        // is not frozen between invocations, as Lambda's are), and the next answer comes at once. Either a poll
        // ends the process first, and the next request runs in a new one, or that quick answer is checked, as the
        // growth took longer than filling the headroom of the last reading. Never a success from the process.
        await using var test = await TestCloud.StartAsync(Hungry());
        var grew = await test.InvokeAsync("hungry", """{"mb":10,"afterMb":100}""");

        var next = await test.InvokeAsync("hungry", """{"mb":0}""");

        Assert.True(grew.IsSuccess, grew.ErrorMessage);
        if (next.IsSuccess)
        {
            Assert.NotEqual(Json.Pid(grew), Json.Pid(next));
        }
        else
        {
            Assert.Equal(
                $"RequestId: {next.RequestId} Error: Runtime exited with error: signal: killed", next.ErrorMessage);
        }

        Assert.Contains(test.Logs.Entries, entry => entry.EventId is 2029 or 2030);
    }

    [Fact]
    public async Task Invoke_FirstAnswerAfterGrowingPastMemorySize_IsNotDelivered()
    {
        // No poll has seen the process near its limit: the answer comes at once, after an allocation that takes
        // longer than filling the headroom of the last reading (or there was none yet), so it is checked.
        await using var test = await TestCloud.StartAsync(Hungry());

        var over = await test.InvokeAsync("hungry", """{"mb":150}""");

        Assert.Equal(FunctionErrorKind.RuntimeExit, over.Error);
        Assert.Equal(
            $"RequestId: {over.RequestId} Error: Runtime exited with error: signal: killed", over.ErrorMessage);
    }

    [Fact]
    public async Task Invoke_FunctionWithinItsMemorySize_SucceedsAndReportsItsPeak()
    {
        var function = Create("modest", "allocate") with { MemorySize = 256 };
        await using var test = await TestCloud.StartAsync(function);

        var result = await test.InvokeAsync("modest", """{"mb":50,"holdMs":300}""");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.InRange(MaxMemoryUsed(result.Logs), 50, 256);
        Assert.DoesNotContain(test.Logs.Entries, entry => entry.EventId is 2029 or 2030);
    }

    /// <summary>A function of 128 MB whose "allocate" behaviour takes the megabytes each event asks for.</summary>
    private static LocalFunction Hungry() =>
        Create("hungry", "allocate") with { MemorySize = 128, Timeout = TimeSpan.FromSeconds(60) };

    private static int MaxMemoryUsed(string? logs)
    {
        var match = MaxMemoryUsedPattern().Match(logs ?? string.Empty);
        Assert.True(match.Success, logs);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Max Memory Used: (\d+) MB")]
    private static partial Regex MaxMemoryUsedPattern();

    private static int UsedMegabytes(string warning)
    {
        var match = UsedPattern().Match(warning);
        Assert.True(match.Success, warning);
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"used (\d+) MB, more than")]
    private static partial Regex UsedPattern();
}
