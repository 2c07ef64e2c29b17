namespace Stratus.Local;

/// <summary>A <c>schedule</c> event: EventBridge invokes the function asynchronously each time it fires.</summary>
/// <param name="Expression">The rate or cron expression.</param>
public sealed record LocalSchedule(ScheduleExpression Expression)
{
    /// <summary>The rule name reported in the event's <c>resources</c>; null derives one from the function.</summary>
    public string? Name { get; init; }

    /// <summary>The event's constant <c>input</c> JSON, sent instead of the Scheduled Event; null sends that.</summary>
    public string? Input { get; init; }
}
