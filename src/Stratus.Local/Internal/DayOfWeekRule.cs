using System.Globalization;

namespace Stratus.Local.Internal;

/// <summary>
/// Reads a cron day-of-week field (1-7 or SUN-SAT): values, ranges and lists, or one of AWS's special forms 'L'
/// (Saturday, the last day of the week), 'dL' (the last day d of the month) and 'd#n' (the nth day d of the month).
/// </summary>
internal static class DayOfWeekRule
{
    /// <exception cref="FormatException">The field is not a day-of-week AWS accepts.</exception>
    public static IDayRule Parse(string text)
    {
        if (text.Equals("L", StringComparison.OrdinalIgnoreCase))
        {
            return new Listed(CronField.Parse("7", CronFieldKind.DayOfWeek));
        }

        var single = !text.Contains(',', StringComparison.Ordinal) && !text.Contains('-', StringComparison.Ordinal);
        if (text.Contains('#', StringComparison.Ordinal))
        {
            // AWS: with '#' the field holds one expression only; '3#1,6#3' is refused.
            return single
                ? ParseNth(text)
                : throw new FormatException(
                    $"Cron day-of-week '{text}' uses '#' in a list or range; AWS takes one 'day#n' alone.");
        }

        // No day name holds an 'L', so any 'L' in a list or range is the wildcard, wherever it sits ('5L,6',
        // 'L,2'); left to the list reader, it would be blamed on the field instead of on the list.
        if (!single && text.Contains('L', StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException(
                $"Cron day-of-week '{text}' uses 'L' inside a list or range; AWS takes 'L' or one 'dayL' alone, " +
                "such as '6L'.");
        }

        if (text.EndsWith('L') || text.EndsWith('l'))
        {
            return new LastInMonth(CronField.ParseValue(text[..^1], CronFieldKind.DayOfWeek));
        }

        return new Listed(CronField.Parse(text, CronFieldKind.DayOfWeek));
    }

    private static Nth ParseNth(string text)
    {
        var parts = text.Split('#');
        var weekday = CronField.ParseValue(parts[0], CronFieldKind.DayOfWeek);
        if (parts.Length != 2
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var nth)
            || nth is < 1 or > 5)
        {
            throw new FormatException(
                $"Cron day-of-week '{text}' needs 'day#n' with n from 1 to 5, such as '2#1' for the first Monday.");
        }

        return new Nth(weekday, nth);
    }

    // AWS numbers the days of the week 1 (SUN) to 7 (SAT); .NET numbers them 0 (Sunday) to 6.
    private static int AwsNumber(DateOnly day) => (int)day.DayOfWeek + 1;

    private sealed record Listed(CronField Days) : IDayRule
    {
        public bool Matches(DateOnly day) => Days.Contains(AwsNumber(day));
    }

    private sealed record LastInMonth(int Weekday) : IDayRule
    {
        public bool Matches(DateOnly day) =>
            AwsNumber(day) == Weekday && day.Day + 7 > DateTime.DaysInMonth(day.Year, day.Month);
    }

    private sealed record Nth(int Weekday, int Occurrence) : IDayRule
    {
        public bool Matches(DateOnly day) => AwsNumber(day) == Weekday && ((day.Day - 1) / 7) + 1 == Occurrence;
    }
}
