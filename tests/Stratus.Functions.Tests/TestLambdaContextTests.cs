using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stratus.Functions.Testing;

namespace Stratus.Functions.Tests;

public sealed class TestLambdaContextTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void New_Defaults_AreSensible()
    {
        var context = new TestLambdaContext { TimeProvider = new FakeTimeProvider(Start) };

        Assert.True(Guid.TryParse(context.AwsRequestId, out _));
        Assert.Equal("test-function", context.FunctionName);
        Assert.Equal("$LATEST", context.FunctionVersion);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:test-function", context.InvokedFunctionArn);
        Assert.Equal("/aws/lambda/test-function", context.LogGroupName);
        Assert.Equal(TimeSpan.FromSeconds(30), context.RemainingTime);
        Assert.Equal(Start.AddSeconds(30), context.Deadline);
        Assert.Null(context.TraceId);
    }

    [Fact]
    public void New_TwoContexts_HaveDifferentRequestIds()
    {
        Assert.NotEqual(new TestLambdaContext().AwsRequestId, new TestLambdaContext().AwsRequestId);
    }

    [Fact]
    public void RemainingTime_ClockAdvances_Shrinks()
    {
        var clock = new FakeTimeProvider(Start);
        var context = new TestLambdaContext { TimeProvider = clock };

        clock.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(18), context.RemainingTime);
    }

    [Fact]
    public void RemainingTime_Set_MovesTheDeadline()
    {
        var clock = new FakeTimeProvider(Start);
        var context = new TestLambdaContext { TimeProvider = clock, RemainingTime = TimeSpan.FromMilliseconds(300) };

        Assert.Equal(Start.AddMilliseconds(300), context.Deadline);
    }

    [Fact]
    public void Deadline_SetBeforeTheClock_IsKept()
    {
        var clock = new FakeTimeProvider(Start);

        var context = new TestLambdaContext { Deadline = Start.AddMinutes(1), TimeProvider = clock };

        Assert.Equal(TimeSpan.FromMinutes(1), context.RemainingTime);
    }

    [Fact]
    public void FunctionName_Set_IsUsedByTheDefaultArnAndLogGroup()
    {
        var context = new TestLambdaContext { FunctionName = "users-dev-getUser" };

        Assert.EndsWith(":function:users-dev-getUser", context.InvokedFunctionArn);
        Assert.Equal("/aws/lambda/users-dev-getUser", context.LogGroupName);
    }

    [Fact]
    public void Logger_Default_RecordsEntriesWithTemplateValues()
    {
        var context = new TestLambdaContext();

        context.Logger.LogWarning("Stock low for {Sku}: {Count}", "A-1", 2);

        var entry = Assert.Single(context.Logs);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal("Stock low for A-1: 2", entry.Message);
        Assert.Equal("Stock low for {Sku}: {Count}", entry.Template);
        Assert.Equal("A-1", entry.Properties["Sku"]);
        Assert.Equal(2, entry.Properties["Count"]);
    }
}
