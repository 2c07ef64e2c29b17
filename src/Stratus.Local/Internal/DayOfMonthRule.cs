using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratus.Local.Internal;

/// <summary>
/// Reads a cron day-of-month field: values, ranges, lists and steps, or one of AWS's special forms 'L' (the last
/// day of the month), 'nW' (the weekday nearest day n) and 'LW' (the last weekday of the month).
/// </summary>
internal static partial class DayOfMonthRule
{
    /// <exception cref="FormatException">The field is not a day-of-month AWS accepts.</exception>
    public static IDayRule Parse(string text)
    {
        if (text.Equals("L", StringComparison.OrdinalIgnoreCase))
        {
            return new LastDay();
        }

        if (text.Equals("LW", StringComparison.OrdinalIgnoreCase))
        {
            return new LastWeekday();
        }

        if (NearestWeekdayPattern().Match(text) is { Success: true } weekday)
        {
            var day = int.Parse(weekday.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            return day is >= 1 and <= 31
                ? new NearestWeekday(day)
                : throw new FormatException($"Cron day-of-month '{text}' names day {day}; use a day from 1 to 31.");
        }

        if (text.Contains('L', StringComparison.OrdinalIgnoreCase)
            || text.Contains('W', StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException(MisusedLetter(text));
        }

        return new Listed(CronField.Parse(text, CronFieldKind.DayOfMonth));
    }

    private static string MisusedLetter(string text)
    {
        const string Forms = "AWS takes 'L' (the last day), 'LW' (the last weekday) or one day number with 'W', " +
            "such as '15W' (the weekday nearest the 15th)";

        // Like Quartz, whose syntax AWS follows, 'L' and 'W' stand alone: they cannot join a list, range or step.
        if (text.IndexOfAny([',', '-', '/']) >= 0)
        {
            return $"Cron day-of-month '{text}' uses 'L' or 'W' inside a list, range or step; {Forms}, alone.";
        }

        if (text.Equals("W", StringComparison.OrdinalIgnoreCase))
        {
            return $"Cron day-of-month 'W' has no day number: 'W' means the weekday nearest a given day; {Forms}.";
        }

        return $"Cron day-of-month '{text}' is not a form AWS takes; {Forms}.";
    }

    /// <summary>The weekday (Monday to Friday) nearest <paramref name="day"/>, never in another month.</summary>
    internal static int? NearestWeekdayTo(int year, int month, int day)
    {
        var length = DateTime.DaysInMonth(year, month);
        if (day > length)
        {
            // A month without the day has no weekday near it, as in Quartz: '31W' skips April.
            return null;
        }

        return new DateOnly(year, month, day).DayOfWeek switch
        {
            DayOfWeek.Saturday => day == 1 ? 3 : day - 1,
            DayOfWeek.Sunday => day == length ? day - 2 : day + 1,
            _ => day,
        };
    }

    [GeneratedRegex(@"^([0-9]{1,2})W\z", RegexOptions.IgnoreCase)]
    private static partial Regex NearestWeekdayPattern();

    private sealed record Listed(CronField Days) : IDayRule
    {
        public bool Matches(DateOnly day) => Days.Contains(day.Day);
    }

    private sealed record LastDay : IDayRule
    {
        public bool Matches(DateOnly day) => day.Day == DateTime.DaysInMonth(day.Year, day.Month);
    }

    private sealed record LastWeekday : IDayRule
    {
        public bool Matches(DateOnly day)
        {
            var last = DateTime.DaysInMonth(day.Year, day.Month);
            return day.Day == NearestWeekdayTo(day.Year, day.Month, last);
        }
    }

    private sealed record NearestWeekday(int Day) : IDayRule
    {
        public bool Matches(DateOnly day) => day.Day == NearestWeekdayTo(day.Year, day.Month, Day);
    }
}
