using System.Globalization;
using System.Text.RegularExpressions;
using Stratus.Local.Internal;

namespace Stratus.Local;

/// <summary>
/// An EventBridge schedule expression, parsed as AWS parses it: <c>rate(1 minute)</c>, <c>rate(5 minutes)</c>,
/// or <c>cron(minutes hours day-of-month month day-of-week year)</c> with <c>?</c> in one of the day fields, read in
/// UTC unless a time zone is given (EventBridge Scheduler's ScheduleExpressionTimezone).
/// The day fields take AWS's special forms: <c>L</c>, <c>nW</c> and <c>LW</c> in day-of-month; <c>L</c>,
/// <c>dL</c> and <c>d#n</c> in day-of-week.
/// </summary>
public sealed partial class ScheduleExpression
{
    private const string RateUnits =
        "A rate's unit is minute, minutes, hour, hours, day or days, in lower case, singular for 1 and plural above.";

    // The longest TimeSpan in whole days (about 29,000 years): a longer rate cannot be counted at all.
    private static readonly TimeSpan LongestRate = TimeSpan.FromDays(Math.Floor(TimeSpan.MaxValue.TotalDays));

    private readonly TimeSpan? _rate;
    private readonly CronField? _minutes;
    private readonly CronField? _hours;
    private readonly IDayRule? _days;
    private readonly CronField? _months;
    private readonly CronField? _years;

    private ScheduleExpression(string text, TimeSpan rate)
    {
        Text = text;
        _rate = rate;
    }

    private ScheduleExpression(string text, string[] fields)
    {
        Text = text;
        _minutes = CronField.Parse(fields[0], CronFieldKind.Minutes);
        _hours = CronField.Parse(fields[1], CronFieldKind.Hours);

        // Exactly one day field is '?', so the other one alone decides the days.
        _days = fields[2] == "?" ? DayOfWeekRule.Parse(fields[4]) : DayOfMonthRule.Parse(fields[2]);
        _months = CronField.Parse(fields[3], CronFieldKind.Month);
        _years = CronField.Parse(fields[5], CronFieldKind.Year);
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Whether this is a <c>rate(...)</c> expression, which counts from when the schedule starts.</summary>
    public bool IsRate => _rate is not null;

    /// <summary>Parses a schedule expression.</summary>
    /// <exception cref="FormatException">The text is not a schedule expression AWS accepts.</exception>
    public static ScheduleExpression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var trimmed = text.Trim();
        if (RatePattern().Match(trimmed) is { Success: true } rate)
        {
            return new ScheduleExpression(trimmed, ParseRate(trimmed, rate));
        }

        if (CronPattern().Match(trimmed) is { Success: true } cron)
        {
            return new ScheduleExpression(trimmed, ParseCronFields(trimmed, cron.Groups[1].Value));
        }

        if (trimmed.StartsWith("rate", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException(RateProblem(text, trimmed));
        }

        throw new FormatException(
            $"Schedule '{text}' is neither 'rate(value unit)' nor 'cron(fields)'; use e.g. 'rate(5 minutes)' or " +
            "'cron(0/5 * * * ? *)'.");
    }

    /// <summary>The first time after <paramref name="after"/> the schedule fires, or null if it never does.</summary>
    /// <param name="after">The time to search from.</param>
    /// <param name="start">When the schedule started: rate schedules fire at whole periods after it.</param>
    public DateTimeOffset? NextAfter(DateTimeOffset after, DateTimeOffset start) =>
        NextAfter(after, start, TimeZoneInfo.Utc);

    /// <summary>
    /// The first time after <paramref name="after"/> the schedule fires, with a cron's fields read as the wall clock
    /// of <paramref name="zone"/>, as EventBridge Scheduler reads them with a ScheduleExpressionTimezone.
    /// </summary>
    /// <remarks>
    /// Daylight saving time as Scheduler documents it: a cron time the clock skips in spring does not fire, and one
    /// the clock repeats in autumn fires once, the first time.
    /// </remarks>
    /// <param name="after">The time to search from.</param>
    /// <param name="start">When the schedule started: rate schedules fire at whole periods after it.</param>
    /// <param name="zone">The time zone of a cron's fields; rate schedules do not depend on it.</param>
    public DateTimeOffset? NextAfter(DateTimeOffset after, DateTimeOffset start, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);

        if (_rate is { } rate)
        {
            // A rate too long to land before the calendar ends (year 9999) never fires.
            var periods = Math.Max(1, Math.Floor((after - start) / rate) + 1);
            return periods <= (DateTimeOffset.MaxValue - start) / rate ? start + (rate * periods) : null;
        }

        var wallClock = TimeZoneInfo.ConvertTime(after, zone);
        var searchFrom = new DateTimeOffset(wallClock.DateTime, TimeSpan.Zero);
        while (NextCronAfter(searchFrom) is { } candidate)
        {
            // The fields matched a wall-clock time; it fires at that time in the zone, if the zone has it.
            var local = candidate.DateTime;
            if (!zone.IsInvalidTime(local) && FirstInstant(local, zone) is var instant && instant > after)
            {
                return instant;
            }

            searchFrom = candidate;
        }

        return null;
    }

    /// <summary>The instant a wall-clock time of the zone names; the earlier one when the clock repeats it.</summary>
    private static DateTimeOffset FirstInstant(DateTime local, TimeZoneInfo zone)
    {
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>
    /// The first minute after <paramref name="after"/> whose fields match, both taken as wall-clock time.
    /// </summary>
    private DateTimeOffset? NextCronAfter(DateTimeOffset after)
    {
        var t = new DateTimeOffset(after.Year, after.Month, after.Day, after.Hour, after.Minute, 0, TimeSpan.Zero)
            .AddMinutes(1);
        while (t.Year <= 2199)
        {
            if (!_years!.Contains(t.Year))
            {
                t = new DateTimeOffset(t.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero);
            }
            else if (!_months!.Contains(t.Month))
            {
                t = new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
            }
            else if (!_days!.Matches(DateOnly.FromDateTime(t.UtcDateTime)))
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(1);
            }
            else if (!_hours!.Contains(t.Hour))
            {
                t = new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
            }
            else if (!_minutes!.Contains(t.Minute))
            {
                t = t.AddMinutes(1);
            }
            else
            {
                return t;
            }
        }

        return null;
    }

    private static TimeSpan ParseRate(string text, Match rate)
    {
        var digits = rate.Groups[1].Value;
        if (!digits.All(char.IsAsciiDigit) || digits.TrimStart('0').Length == 0)
        {
            throw new FormatException($"Schedule '{text}' needs a whole number of 1 or more before the unit.");
        }

        // Past a long's digits the value is too long anyway: the check below says so.
        var value = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : long.MaxValue;
        var unit = rate.Groups[2].Value;
        var singular = unit is "minute" or "hour" or "day";
        if (singular != (value == 1))
        {
            // AWS rejects 'rate(1 minutes)' and 'rate(5 minute)'.
            var expected = value == 1 ? unit.TrimEnd('s') : unit + "s";
            throw new FormatException(
                $"Schedule '{text}' has unit '{unit}' for the value {value}; AWS expects '{expected}'.");
        }

        var minutes = unit.TrimEnd('s') switch
        {
            "minute" => 1,
            "hour" => 60,
            _ => 24 * 60,
        };
        return value <= LongestRate.TotalMinutes / minutes
            ? TimeSpan.FromMinutes((double)value * minutes)
            : throw new FormatException(
                $"Schedule '{text}' is longer than any period Stratus can count; a rate may be at most " +
                $"{LongestRate.TotalDays:N0} days.");
    }

    /// <summary>What is wrong with text that starts as a rate but does not match one.</summary>
    private static string RateProblem(string text, string trimmed)
    {
        if (!trimmed.StartsWith("rate(", StringComparison.Ordinal) || !trimmed.EndsWith(')'))
        {
            return $"Schedule '{text}' is not written 'rate(value unit)': EventBridge takes 'rate(' in lower case " +
                "and a closing ')', such as 'rate(5 minutes)'.";
        }

        var parts = trimmed[5..^1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1 && RateWithoutSpacePattern().Match(parts[0]) is { Success: true } joined)
        {
            var (value, unit) = (joined.Groups[1].Value, joined.Groups[2].Value);
            return $"Schedule '{text}' has no space between the value '{value}' and the unit '{unit}'; " +
                $"EventBridge needs one, as in 'rate({value} {unit})'.";
        }

        if (parts.Length != 2)
        {
            return $"Schedule '{text}' has {parts.Length} parts inside 'rate(...)'; EventBridge takes two, a value " +
                $"and a unit apart by a space, such as 'rate(5 minutes)'. {RateUnits}";
        }

        return $"Schedule '{text}' has the unit '{parts[1]}', {UnitProblem(parts[0], parts[1])}. {RateUnits}";
    }

    private static string UnitProblem(string value, string unit)
    {
        var lower = unit.ToLowerInvariant();
        if (lower is "minute" or "minutes" or "hour" or "hours" or "day" or "days")
        {
            return $"which EventBridge takes only in lower case: '{lower}'";
        }

        var count = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        return lower.TrimEnd('s') switch
        {
            "week" when count is > 0 and < long.MaxValue / 7 =>
                $"which EventBridge does not take; count the weeks in days: 'rate({count * 7} days)'",
            "second" or "sec" => "which EventBridge does not take: the shortest rate is 'rate(1 minute)'",
            "month" or "year" =>
                "which EventBridge does not take; for calendar months or years write a cron expression, such as " +
                "'cron(0 0 1 * ? *)' for the first of each month",
            "min" => "which EventBridge does not take; write 'minute' or 'minutes'",
            _ => "which EventBridge does not take",
        };
    }

    private static string[] ParseCronFields(string text, string body)
    {
        // AWS: a cron's six fields "are separated by white space" (EventBridge user guide, eb-scheduled-rule-pattern),
        // so any white space separates them, as it separates a rate's parts; STR1309 warns that the framework's
        // schema takes one plain space only.
        var fields = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new FormatException(
                $"Schedule '{text}' has {fields.Length} cron fields; AWS cron has 6: minutes hours " +
                "day-of-month month day-of-week year, such as 'cron(0/5 * * * ? *)'.");
        }

        if ((fields[2] == "?") == (fields[4] == "?"))
        {
            throw new FormatException(
                $"Schedule '{text}' must have '?' in exactly one of day-of-month and day-of-week, " +
                $"such as '{WithOneQuestionMark(fields)}'.");
        }

        return fields;
    }

    /// <summary>The fields with '?' in the day field meant to have it: one left '*', else day-of-month.</summary>
    private static string WithOneQuestionMark(string[] fields)
    {
        var days = (fields[2], fields[4]) switch
        {
            ("?", "?") => ("*", "?"),
            (_, "*") => (fields[2], "?"),
            _ => ("?", fields[4]),
        };
        return $"cron({fields[0]} {fields[1]} {days.Item1} {fields[3]} {days.Item2} {fields[5]})";
    }

    [GeneratedRegex(@"^rate\(\s*(\S+)\s+(minute|minutes|hour|hours|day|days)\s*\)$")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"^([0-9]+)([A-Za-z]+)$")]
    private static partial Regex RateWithoutSpacePattern();

    // Singleline: the fields may be apart by a line break, which '.' alone would not cross.
    [GeneratedRegex(@"^cron\((.*)\)$", RegexOptions.Singleline)]
    private static partial Regex CronPattern();
}
