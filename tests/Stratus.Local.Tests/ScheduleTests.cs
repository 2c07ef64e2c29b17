using Microsoft.Extensions.Time.Testing;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>Schedule events fire on the cloud's clock with the event EventBridge sends.</summary>
public sealed class ScheduleTests
{
    [Fact]
    public async Task Schedule_RateOneMinuteElapses_InvokesWithEventBridgeScheduledEvent()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var tick = Create("tick", "print-event") with
        {
            Schedules = [new LocalSchedule(ScheduleExpression.Parse("rate(1 minute)")) { Name = "tick-rule" }],
        };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromMinutes(1));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));

        var received = Json.Parse(line["event: ".Length..]);
        Assert.Equal("Scheduled Event", received["detail-type"]!.GetValue<string>());
        Assert.Equal("aws.events", received["source"]!.GetValue<string>());
        Assert.Equal("0", received["version"]!.GetValue<string>());
        Assert.Equal("2025-06-01T12:01:00Z", received["time"]!.GetValue<string>());
        Assert.Equal(TestCloud.AccountId, received["account"]!.GetValue<string>());
        Assert.Equal(TestCloud.Region, received["region"]!.GetValue<string>());
        Assert.Equal(
            $"arn:aws:events:{TestCloud.Region}:{TestCloud.AccountId}:rule/tick-rule",
            received["resources"]![0]!.GetValue<string>());
        Assert.Equal("{}", received["detail"]!.ToJsonString());
    }

    [Fact]
    public async Task Schedule_WithInput_SendsTheInputAsTheEvent()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 4, 0, TimeSpan.Zero));
        var tick = Create("tick", "print-event") with
        {
            Schedules = [new LocalSchedule(ScheduleExpression.Parse("cron(0/5 * * * ? *)")) { Input = """{"k":1}""" }],
        };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromSeconds(59));
        var early = test.Output.Lines.Count(text => text.StartsWith("event: ", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromSeconds(1));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));

        Assert.Equal(0, early);
        Assert.Equal("""event: {"k":1}""", line);
    }

    [Fact]
    public async Task Schedule_BeforeItsTime_DoesNotInvoke()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var tick = Create("tick", "print-event") with
        {
            Schedules = [new LocalSchedule(ScheduleExpression.Parse("rate(5 minutes)"))],
        };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(0, test.Cloud.PeakInstances("tick"));
    }
}
