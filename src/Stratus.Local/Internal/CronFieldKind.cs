namespace Stratus.Local.Internal;

/// <summary>What one position of an AWS cron expression accepts: its range, its names and whether '/' steps.</summary>
/// <remarks>
/// AWS lists the wildcards per field: '/' is allowed in every field but day-of-week, which instead takes 'L' and
/// '#'; day-of-month takes 'L' and 'W' (eb-cron-expressions.html).
/// </remarks>
internal sealed record CronFieldKind(string Name, int Min, int Max, string[]? Names, bool AllowsSteps)
{
    public static readonly CronFieldKind Minutes = new("minutes", 0, 59, null, AllowsSteps: true);

    public static readonly CronFieldKind Hours = new("hours", 0, 23, null, AllowsSteps: true);

    public static readonly CronFieldKind DayOfMonth = new("day-of-month", 1, 31, null, AllowsSteps: true);

    public static readonly CronFieldKind Month = new(
        "month",
        1,
        12,
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
        AllowsSteps: true);

    // AWS numbers the days of the week 1 (SUN) to 7 (SAT).
    public static readonly CronFieldKind DayOfWeek = new(
        "day-of-week",
        1,
        7,
        ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
        AllowsSteps: false);

    public static readonly CronFieldKind Year = new("year", 1970, 2199, null, AllowsSteps: true);
}
