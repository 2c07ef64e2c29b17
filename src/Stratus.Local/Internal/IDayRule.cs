namespace Stratus.Local.Internal;

/// <summary>Which days a cron expression's day field (day-of-month or day-of-week) lets the schedule fire on.</summary>
internal interface IDayRule
{
    bool Matches(DateOnly day);
}
