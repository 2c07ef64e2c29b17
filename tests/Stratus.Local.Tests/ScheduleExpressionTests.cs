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

    // AWS: a cron's six fields "are separated by white space" (EventBridge user guide, eb-scheduled-rule-pattern);
    // a rate already took any white space between its parts, and a cron split at plain spaces only, so a tab made
    // 'cron(0\t12 * * ? *)' five fields and '\t0' a minutes value that is not a number.
    [Theory]
    [InlineData("cron(0\t12 * * ? *)")]
    [InlineData("cron(\t0 12 * * ? *)")]
    [InlineData("cron(0\u00a012 * * ? *)")]
    [InlineData("cron(0\n12\r\n* * ? *)")]
    [InlineData("cron(0 12 * *\v? *\u3000)")]
    [InlineData("cron(0 12 * * ? *)\n")]
    public void NextAfter_CronWithAnyWhiteSpaceBetweenOrAroundFields_FiresAsWithSingleSpaces(string text)
    {
        var schedule = ScheduleExpression.Parse(text);

        Assert.Equal(
            ScheduleExpression.Parse("cron(0 12 * * ? *)").NextAfter(Start, Start),
            schedule.NextAfter(Start, Start));
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

    // AWS, "Cron expressions reference" (eb-cron-expressions.html): 'L' is the last day of the month or week,
    // 'nW' the weekday nearest day n, '#' the nth given weekday of the month; with Quartz's rule that 'W' does
    // not cross into another month and 'LW' is the month's last weekday.
    [Theory]
    [InlineData("cron(0 12 LW * ? *)", "2025-06-01T12:00:30Z", "2025-06-30T12:00:00Z")]
    [InlineData("cron(0 12 LW * ? *)", "2025-08-01T00:00:00Z", "2025-08-29T12:00:00Z")]
    [InlineData("cron(0 12 LW * ? *)", "2025-05-01T00:00:00Z", "2025-05-30T12:00:00Z")]
    [InlineData("cron(0 12 15W * ? 2026-2030)", "2025-06-01T12:00:30Z", "2026-01-15T12:00:00Z")]
    [InlineData("cron(0 12 15W * ? 2026-2030)", "2026-02-01T00:00:00Z", "2026-02-16T12:00:00Z")]
    [InlineData("cron(0 12 1W * ? *)", "2025-10-02T00:00:00Z", "2025-11-03T12:00:00Z")]
    [InlineData("cron(0 12 31W * ? *)", "2025-08-01T00:00:00Z", "2025-08-29T12:00:00Z")]
    [InlineData("cron(0 12 30W * ? *)", "2026-02-01T00:00:00Z", "2026-03-30T12:00:00Z")]
    [InlineData("cron(0/15 8-17 ? * 2#1 *)", "2025-06-01T12:00:30Z", "2025-06-02T08:00:00Z")]
    [InlineData("cron(0/15 8-17 ? * MON#1 *)", "2025-06-02T17:45:00Z", "2025-07-07T08:00:00Z")]
    [InlineData("cron(0 12 ? * FRI#5 *)", "2025-06-01T12:00:30Z", "2025-08-29T12:00:00Z")]
    [InlineData("cron(0 12 ? * 6L *)", "2025-06-01T12:00:30Z", "2025-06-27T12:00:00Z")]
    [InlineData("cron(0 12 ? * L *)", "2025-06-01T12:00:30Z", "2025-06-07T12:00:00Z")]
    public void NextAfter_CronWithLWOrHash_FiresOnTheDayAwsDescribes(string text, string from, string expected)
    {
        var schedule = ScheduleExpression.Parse(text);
        var after = DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture);

        var next = schedule.NextAfter(after, after);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void NextAfter_CronInPastYearOnly_NeverFires()
    {
        var schedule = ScheduleExpression.Parse("cron(0 0 1 1 ? 2020)");

        Assert.Null(schedule.NextAfter(Start, Start));
    }

    // A step is a value of its field (aws/aws-sdk-js#4212: '*/60' is "an invalid value for the minutes field").
    [Theory]
    [InlineData("cron(*/59 * * * ? *)")]
    [InlineData("cron(0 0 */31 * ? *)")]
    [InlineData("cron(0 0 1 */12 ? *)")]
    public void Parse_StepUpToTheFieldsHighestValue_IsAccepted(string text)
    {
        Assert.Equal(text, ScheduleExpression.Parse(text).Text);
    }

    [Fact]
    public void NextAfter_RateThatWouldLandPastTheCalendarsEnd_NeverFires()
    {
        var schedule = ScheduleExpression.Parse("rate(3000000 days)");

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
    [InlineData("cron(0 12 L-2 * ? *)", "'L' or 'W' inside a list, range or step")]
    [InlineData("cron(0 12 1W,15 * ? *)", "'L' or 'W' inside a list, range or step")]
    [InlineData("cron(0 12 32W * ? *)", "use a day from 1 to 31")]
    [InlineData("cron(0 12 ? * 2#1,6#3 *)", "'#' in a list or range")]
    [InlineData("cron(0 12 ? * 2#6 *)", "n from 1 to 5")]
    [InlineData("cron(0 12 ? * 8#1 *)", "day-of-week value '8' is not a number from 1 to 7 or a name SUN-SAT")]
    [InlineData("cron(0 12 ? * MON-FRIL *)", "day-of-week 'MON-FRIL' uses 'L' inside a list or range")]
    [InlineData("cron(0 12 ? * 5L,6 *)", "day-of-week '5L,6' uses 'L' inside a list or range")]
    [InlineData("cron(0 12 ? * L,2 *)", "day-of-week 'L,2' uses 'L' inside a list or range")]
    [InlineData("cron(0 12 ? * 2,l *)", "day-of-week '2,l' uses 'L' inside a list or range")]
    [InlineData("cron(0 12 ? * 5L-7 *)", "day-of-week '5L-7' uses 'L' inside a list or range")]
    [InlineData("cron(0 12 ? * 1/2 *)", "uses '/', which AWS does not allow in day-of-week")]
    [InlineData("cron(0 L * * ? *)", "hours value 'L' uses 'L', which AWS allows only in day-of-month")]
    [InlineData("cron(0 12 * 3W ? *)", "month value '3W' uses 'W', which AWS allows only in day-of-month")]
    [InlineData("cron(0 12 * * ? 2#1)", "year value '2#1' uses '#', which AWS allows only in day-of-week")]
    [InlineData("cron(0 12 * * ? 2200)", "year value '2200' is not a number from 1970 to 2199")]
    [InlineData("cron(0 12 * * ? 1969)", "year value '1969' is not a number from 1970 to 2199")]
    [InlineData("cron(0/0 12 * * ? *)", "step '/0' is not a whole number from 1 to 59")]
    [InlineData("cron(*/60 * * * ? *)", "minutes step '/60' is not a whole number from 1 to 59")]
    [InlineData("cron(0 */24 * * ? *)", "hours step '/24' is not a whole number from 1 to 23")]
    [InlineData("rate(20000000 days)", "longer than any period Stratus can count")]
    [InlineData("rate(99999999999 minutes)", "longer than any period Stratus can count")]
    [InlineData("rate(1.5 hours)", "a whole number of 1 or more")]
    [InlineData("rate(000 minutes)", "a whole number of 1 or more")]
    [InlineData("every 5 minutes", "neither 'rate(value unit)' nor 'cron(fields)'")]
    [InlineData("cron(0 12 W * ? *)", "day-of-month 'W' has no day number")]
    [InlineData("cron(0 12 15L * ? *)", "day-of-month '15L' is not a form AWS takes")]
    [InlineData("cron(0 12 W15 * ? *)", "day-of-month 'W15' is not a form AWS takes")]
    public void Parse_InvalidExpression_ThrowsSayingWhatAwsExpects(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ScheduleExpression.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    // The example is the expression itself, mended: '?' goes in the day field the user left '*'.
    [Theory]
    [InlineData("cron(0 12 * * MON *)", "such as 'cron(0 12 ? * MON *)'")]
    [InlineData("cron(0 12 15 * * *)", "such as 'cron(0 12 15 * ? *)'")]
    [InlineData("cron(0 12 ? * ? *)", "such as 'cron(0 12 * * ? *)'")]
    [InlineData("cron(0 12 1 * MON *)", "such as 'cron(0 12 ? * MON *)'")]
    public void Parse_CronWithoutExactlyOneQuestionMark_SuggestsThatExpressionWithOne(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ScheduleExpression.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DayOfWeekZeroAsUnixCronWritesSunday_SaysAwsCountsSundayAsOne()
    {
        var error = Assert.Throws<FormatException>(() => ScheduleExpression.Parse("cron(0 12 ? * 0 *)"));

        Assert.Contains(
            "day-of-week value '0' is not a number from 1 to 7 or a name SUN-SAT; AWS counts SUN as 1, not 0",
            error.Message,
            StringComparison.Ordinal);
    }

    // W alone is not in a list, range or step: what it lacks is the day whose nearest weekday it means.
    [Fact]
    public void Parse_DayOfMonthWAlone_SaysItNeedsADayNumberAndNamesTheFormsAwsTakes()
    {
        var error = Assert.Throws<FormatException>(() => ScheduleExpression.Parse("cron(0 12 W * ? *)"));

        Assert.DoesNotContain("inside a list", error.Message, StringComparison.Ordinal);
        Assert.Contains("'15W' (the weekday nearest the 15th)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'LW' (the last weekday)", error.Message, StringComparison.Ordinal);
    }

    // eb-rate-expressions.html: "Valid values: minute | minutes | hour | hours | day | days", the value and the
    // unit "separated by white space", singular for 1.
    [Theory]
    [InlineData("rate(5 weeks)", "has the unit 'weeks', which EventBridge does not take; count the weeks in days: "
        + "'rate(35 days)'")]
    [InlineData("rate(5 Minutes)", "has the unit 'Minutes', which EventBridge takes only in lower case: 'minutes'")]
    [InlineData("rate(1 Hour)", "has the unit 'Hour', which EventBridge takes only in lower case: 'hour'")]
    [InlineData("rate(30 seconds)", "the shortest rate is 'rate(1 minute)'")]
    [InlineData("rate(2 months)", "write a cron expression")]
    [InlineData("rate(5minutes)", "has no space between the value '5' and the unit 'minutes'; EventBridge needs one, "
        + "as in 'rate(5 minutes)'")]
    [InlineData("rate(5)", "has 1 parts inside 'rate(...)'; EventBridge takes two")]
    [InlineData("Rate(5 minutes)", "EventBridge takes 'rate(' in lower case")]
    [InlineData("rate(5 minutes", "and a closing ')'")]
    public void Parse_RateEventBridgeRefuses_NamesWhatIsWrongInsteadOfNeitherRateNorCron(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ScheduleExpression.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("neither", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rate(5 weeks)")]
    [InlineData("rate(5 Minutes)")]
    public void Parse_RateWithAUnitEventBridgeDoesNotTake_ListsTheUnitsItTakes(string text)
    {
        var error = Assert.Throws<FormatException>(() => ScheduleExpression.Parse(text));

        Assert.Contains(
            "A rate's unit is minute, minutes, hour, hours, day or days, in lower case, singular for 1 and plural " +
            "above.",
            error.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cron(0 9 * * ? *)", "Europe/Paris", "2025-06-01T12:00:30Z", "2025-06-02T07:00:00Z")]
    [InlineData("cron(0 9 * * ? *)", "Europe/Paris", "2025-01-15T12:00:00Z", "2025-01-16T08:00:00Z")]
    [InlineData("cron(30 17 ? * FRI *)", "America/New_York", "2025-06-01T12:00:00Z", "2025-06-06T21:30:00Z")]
    [InlineData("cron(0 0 1 * ? *)", "Asia/Tokyo", "2025-06-01T12:00:00Z", "2025-06-30T15:00:00Z")]
    public void NextAfter_CronInATimeZone_ReadsItsFieldsAsThatZonesWallClock(
        string text, string zone, string after, string expected)
    {
        var schedule = ScheduleExpression.Parse(text);

        var next = schedule.NextAfter(Instant(after), Instant(after), TimeZoneInfo.FindSystemTimeZoneById(zone));

        Assert.Equal(Instant(expected), next);
    }

    [Fact]
    public void NextAfter_CronTimeTheSpringClockSkips_DoesNotFireThatDay()
    {
        // New York skips 02:00-02:59 on 9 March 2025 (EventBridge Scheduler: such an invocation is skipped).
        var schedule = ScheduleExpression.Parse("cron(30 2 * * ? *)");
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var next = schedule.NextAfter(Instant("2025-03-08T12:00:00Z"), Instant("2025-03-08T12:00:00Z"), newYork);

        Assert.Equal(Instant("2025-03-10T06:30:00Z"), next);
    }

    [Fact]
    public void NextAfter_CronTimeTheAutumnClockRepeats_FiresOnceTheFirstTime()
    {
        // New York repeats 01:00-01:59 on 2 November 2025: 01:30 EDT (05:30Z), then 01:30 EST (06:30Z).
        var schedule = ScheduleExpression.Parse("cron(30 1 * * ? *)");
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var first = schedule.NextAfter(Instant("2025-11-01T12:00:00Z"), Instant("2025-11-01T12:00:00Z"), newYork);
        var second = schedule.NextAfter(first!.Value, Instant("2025-11-01T12:00:00Z"), newYork);

        Assert.Equal(Instant("2025-11-02T05:30:00Z"), first);
        Assert.Equal(Instant("2025-11-03T06:30:00Z"), second);
    }

    [Fact]
    public void NextAfter_RateInATimeZone_IsTheSameAsInUtc()
    {
        var schedule = ScheduleExpression.Parse("rate(2 hours)");

        var next = schedule.NextAfter(Start, Start, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"));

        Assert.Equal(Start.AddHours(2), next);
    }

    private static DateTimeOffset Instant(string text) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
