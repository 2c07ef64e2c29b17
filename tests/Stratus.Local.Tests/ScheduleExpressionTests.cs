namespace Stratus.Local.Tests;

/// <summary>Schedule expressions as EventBridge parses them (AWS, "Schedule expressions for rules").</summary>
public sealed class ScheduleExpressionTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("rate(1 minute)", "2025-06-01T12:01:30Z")]
    [InlineData("rate(5 minutes)", "2025-06-01T12:05:30Z")]
    [InlineData("rate(2 hours)", "2025-06-01T14:00:30Z")]
    [InlineData("rate(1 day)", "2025-06-02T12:00:30Z")]
    public void NextAfter_RateExpression_FiresOnePeriodAfterStart(string text, string expected)
    {
        var schedule = ScheduleExpression.Parse(text);

        var next = schedule.NextAfter(Start, Start);

        Assert.True(schedule.IsRate);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void NextAfter_RateAfterSeveralPeriods_StaysOnThePeriodGrid()
    {
        var schedule = ScheduleExpression.Parse("rate(5 minutes)");

        var next = schedule.NextAfter(Start.AddMinutes(12), Start);

        Assert.Equal(Start.AddMinutes(15), next);
    }

    [Theory]
    [InlineData("cron(0/5 * * * ? *)", "2025-06-01T12:05:00Z")]
    [InlineData("cron(0 10 * * ? *)", "2025-06-02T10:00:00Z")]
    [InlineData("cron(15 12 * * ? *)", "2025-06-01T12:15:00Z")]
    [InlineData("cron(0 18 ? * MON-FRI *)", "2025-06-02T18:00:00Z")]
    [InlineData("cron(0 8 1 * ? *)", "2025-07-01T08:00:00Z")]
    [InlineData("cron(0 0 L * ? *)", "2025-06-30T00:00:00Z")]
    [InlineData("cron(30 9 ? JAN,FEB SUN 2026)", "2026-01-04T09:30:00Z")]
    [InlineData("cron(0 12 ? * 1 *)", "2025-06-08T12:00:00Z")]
    public void NextAfter_CronExpression_FiresAtNextMatchingMinuteInUtc(string text, string expected)
    {
        var schedule = ScheduleExpression.Parse(text);

        var next = schedule.NextAfter(Start, Start);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void NextAfter_CronInPastYearOnly_NeverFires()
    {
        var schedule = ScheduleExpression.Parse("cron(0 0 1 1 ? 2020)");

        Assert.Null(schedule.NextAfter(Start, Start));
    }

    [Theory]
    [InlineData("rate(1 minutes)", "AWS expects 'minute'")]
    [InlineData("rate(5 minute)", "AWS expects 'minutes'")]
    [InlineData("rate(0 minutes)", "1 or more")]
    [InlineData("cron(0/5 * * * *)", "has 5 cron fields")]
    [InlineData("cron(0 12 * * * *)", "exactly one of day-of-month and day-of-week")]
    [InlineData("cron(0 12 ? * ? *)", "exactly one of day-of-month and day-of-week")]
    [InlineData("cron(61 * * * ? *)", "minutes value '61' is not a number from 0 to 59")]
    [InlineData("cron(0 12 ? * 2#1 *)", "does not emulate")]
    [InlineData("every 5 minutes", "neither 'rate(value unit)' nor 'cron(fields)'")]
    public void Parse_InvalidExpression_ThrowsSayingWhatAwsExpects(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ScheduleExpression.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
