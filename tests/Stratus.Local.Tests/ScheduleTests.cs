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

    // EventBridge Scheduler's context attributes ("Adding context attributes", Scheduler user guide) are filled
    // into the input when the schedule is a Scheduler one (method: scheduler); a rule's input is sent as written.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Schedule_InputWithSchedulerContextAttributes_IsFilledOnlyBySchedulerSchedules(bool scheduler)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 4, 0, TimeSpan.Zero));
        const string Input = """
            {"arn":"<aws.scheduler.schedule-arn>","at":"<aws.scheduler.scheduled-time>",
            "id":"<aws.scheduler.execution-id>","attempt":"<aws.scheduler.attempt-number>"}
            """;
        var schedule = new LocalSchedule(ScheduleExpression.Parse("cron(5 * * * ? *)"))
        {
            Name = "nightly",
            Input = Input.ReplaceLineEndings(""),
            UsesScheduler = scheduler,
        };
        var tick = Create("tick", "print-event") with { Schedules = [schedule] };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromMinutes(1));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));

        var received = Json.Parse(line["event: ".Length..]);
        if (scheduler)
        {
            Assert.Equal(
                $"arn:aws:scheduler:{TestCloud.Region}:{TestCloud.AccountId}:schedule/default/nightly",
                received["arn"]!.GetValue<string>());
            Assert.Equal("2025-06-01T12:05:00Z", received["at"]!.GetValue<string>());
            Assert.Matches("^[0-9a-f]{16}$", received["id"]!.GetValue<string>());
            Assert.Equal("1", received["attempt"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal("<aws.scheduler.scheduled-time>", received["at"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Schedule_CronWithATimeZone_FiresAtThatZonesWallClockTime()
    {
        // 14:00 in Paris on 1 June (CEST, UTC+2) is 12:00 UTC.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 11, 59, 0, TimeSpan.Zero));
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var tick = Create("tick", "print-event") with
        {
            Schedules = [new LocalSchedule(ScheduleExpression.Parse("cron(0 14 * * ? *)")) { TimeZone = paris }],
        };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromMinutes(1));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));

        Assert.Equal("2025-06-01T12:00:00Z", Json.Parse(line["event: ".Length..])["time"]!.GetValue<string>());
        var fired = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2302);
        Assert.EndsWith("at 2025-06-01T12:00:00Z", fired.Message, StringComparison.Ordinal);
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

    // Serverless Framework "Schedule" docs and EventBridge InputPath: the target gets only the selected part.
    [Fact]
    public async Task Schedule_WithInputPathDetail_SendsTheEventsDetail()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var tick = Create("tick", "print-event") with
        {
            Schedules = [new LocalSchedule(ScheduleExpression.Parse("rate(1 minute)")) { InputPath = Detail }],
        };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromMinutes(1));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));

        Assert.Equal("event: {}", line);
    }

    // eb-transform-target-input.html: InputPathsMap variables fill the InputTemplate.
    [Fact]
    public async Task Schedule_WithInputTransformer_SendsTheFilledTemplate()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 1, 42, 0, TimeSpan.Zero));
        var transformer = new InputTransformer(
            new Dictionary<string, EventPath> { ["t"] = EventPath.Parse("$.time") },
            InputTemplate.Parse("""{"time": <t>}""", ["t"]));
        var schedule = new LocalSchedule(ScheduleExpression.Parse("rate(1 minute)")) { InputTransformer = transformer };
        var tick = Create("tick", "print-event") with { Schedules = [schedule] };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromMinutes(1));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));

        Assert.Equal("""event: {"time":"2026-12-05T01:43:00Z"}""", line);
    }

    // eb-transform-target-input.html, "Predefined variables": rule name and ARN, ingestion time, the event
    // without its detail (aws.events.event) and the whole event (aws.events.event.json).
    [Fact]
    public async Task Schedule_InputTransformerWithPredefinedVariables_FillsThemFromTheRuleAndEvent()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 1, 42, 0, TimeSpan.Zero));
        var template = InputTemplate.Parse(
            """
            {"rule": <aws.events.rule-name>, "arn": "<aws.events.rule-arn>",
             "at": <aws.events.event.ingestion-time>, "event": <aws.events.event>, "full": <aws.events.event.json>}
            """,
            []);
        var tick = Create("tick", "print-event") with
        {
            Schedules =
            [
                new LocalSchedule(ScheduleExpression.Parse("rate(1 minute)"))
                {
                    Name = "tick-rule",
                    InputTransformer = new InputTransformer(new Dictionary<string, EventPath>(), template),
                },
            ],
        };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromMinutes(1));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));

        var received = Json.Parse(line["event: ".Length..]);
        Assert.Equal("tick-rule", received["rule"]!.GetValue<string>());
        Assert.Equal(
            $"arn:aws:events:{TestCloud.Region}:{TestCloud.AccountId}:rule/tick-rule",
            received["arn"]!.GetValue<string>());
        Assert.Equal("2026-12-05T01:43:00Z", received["at"]!.GetValue<string>());
        Assert.Null(received["event"]!["detail"]);
        Assert.Equal("Scheduled Event", received["event"]!["detail-type"]!.GetValue<string>());
        Assert.Equal("{}", received["full"]!["detail"]!.ToJsonString());
    }

    // A code deploy does not reset an EventBridge rule: a rate keeps counting from when the rule started.
    [Fact]
    public async Task Schedule_CodeReloadedBeforeItFires_FiresOnItsOriginalTimeOnTheNewVersion()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var hourly = new LocalSchedule(ScheduleExpression.Parse("rate(1 hour)")) { Name = "hourly" };
        var version1 = Create("tick", "print-event") with { Schedules = [hourly] };
        await using var test = await TestCloud.StartAsync([version1], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromMinutes(40));
        await test.Cloud.ReplaceFunctionsAsync([version1 with { }], CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(10));
        await test.Cloud.ReplaceFunctionsAsync([version1 with { }], CancellationToken.None);
        var early = test.Output.Lines.Count(text => text.Contains("event: ", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromMinutes(10));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));

        Assert.Equal(0, early);
        Assert.Equal("2025-06-01T13:00:00Z", Json.Parse(line["event: ".Length..])["time"]!.GetValue<string>());
        Assert.Equal(1, test.Cloud.PeakInstances("tick"));
    }

    // A reload between two firings neither repeats the last one nor skips the next.
    [Fact]
    public async Task Schedule_ReloadedBetweenFirings_FiresEachTimeExactlyOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var version1 = Create("tick", "print-event") with
        {
            Schedules = [new LocalSchedule(ScheduleExpression.Parse("cron(0/5 * * * ? *)"))],
        };
        await using var test = await TestCloud.StartAsync([version1], options => options with { TimeProvider = clock });

        clock.Advance(TimeSpan.FromMinutes(5));
        await test.Output.WaitForLineAsync(text => text.Contains("12:05:00Z", StringComparison.Ordinal));
        await test.Cloud.ReplaceFunctionsAsync([version1 with { }], CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        await test.Output.WaitForLineAsync(text => text.Contains("12:10:00Z", StringComparison.Ordinal));

        var times = test.Output.Lines
            .Where(text => text.Contains("event: ", StringComparison.Ordinal))
            .Select(text => Json.Parse(text[(text.IndexOf("event: ", StringComparison.Ordinal) + 7)..])["time"]!
                .GetValue<string>())
            .ToList();
        Assert.Equal(["2025-06-01T12:05:00Z", "2025-06-01T12:10:00Z"], times);
    }

    // A yearly cron or 'rate(50 days)' waits longer than a timer can (2^32 - 2 ms, about 49.7 days); such a wait
    // once made `dev` exit with "dueTime must be less than or equal to 4294967294".
    [Fact]
    public async Task Schedule_NextFiringSixtyDaysAway_WaitsPastATimersLimitAndFiresOnTime()
    {
        var clock = new TimerLimitedClock(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var tick = Create("tick", "print-event") with
        {
            Schedules = [new LocalSchedule(ScheduleExpression.Parse("rate(60 days)"))],
        };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        for (var day = 1; day < 60; day++)
        {
            clock.Advance(TimeSpan.FromDays(1));
        }

        var early = test.Output.Lines.Count(text => text.StartsWith("event: ", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromDays(1));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));

        Assert.Equal(0, early);
        Assert.Equal("2025-07-31T12:00:00Z", Json.Parse(line["event: ".Length..])["time"]!.GetValue<string>());
    }

    // Scheduler's schedule-types page: "If you don't provide StartDate for a rate-based schedule, your schedule
    // starts invoking the target immediately"; the framework sets no StartDate.
    [Fact]
    public async Task Schedule_SchedulerRateSchedule_FiresAtOnceThenEachPeriod()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var hourly = new LocalSchedule(ScheduleExpression.Parse("rate(1 hour)")) { UsesScheduler = true };
        var tick = Create("tick", "print-event") with { Schedules = [hourly] };
        await using var test = await TestCloud.StartAsync([tick], options => options with { TimeProvider = clock });

        await test.Output.WaitForLineAsync(text => text.Contains("12:00:00Z", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromHours(1));
        await test.Output.WaitForLineAsync(text => text.Contains("13:00:00Z", StringComparison.Ordinal));

        Assert.Equal(2, test.Output.Lines.Count(text => text.Contains("event: ", StringComparison.Ordinal)));
    }

    // EventBridge's PutTargets takes one of Input, InputPath and InputTransformer per target.
    [Fact]
    public async Task ReplaceFunctions_ScheduleWithInputAndInputPath_ThrowsArgumentException()
    {
        await using var test = await TestCloud.StartAsync(Create("tick", "print-event"));
        var schedule = new LocalSchedule(ScheduleExpression.Parse("rate(1 minute)"))
        {
            Input = "{}",
            InputPath = Detail,
        };
        var both = Create("tick", "print-event") with { Schedules = [schedule] };

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => test.Cloud.ReplaceFunctionsAsync([both], CancellationToken.None));

        Assert.Contains("more than one of Input, InputPath and", error.Message, StringComparison.Ordinal);
    }

    private static EventPath Detail => EventPath.Parse("$.detail");

    /// <summary>A fake clock whose timers refuse, as System.Threading.Timer does, a wait past 2^32 - 2 ms.</summary>
    private sealed class TimerLimitedClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(dueTime.TotalMilliseconds, uint.MaxValue - 1d);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
