namespace Stratus.Local;

/// <summary>A <c>schedule</c> event: EventBridge invokes the function asynchronously each time it fires.</summary>
/// <param name="Expression">The rate or cron expression.</param>
/// <remarks>At most one of <see cref="Input"/>, <see cref="InputPath"/> and <see cref="InputTransformer"/> is set,
/// as EventBridge allows one per target.</remarks>
public sealed record LocalSchedule(ScheduleExpression Expression)
{
    /// <summary>The rule name reported in the event's <c>resources</c>; null derives one from the function.</summary>
    public string? Name { get; init; }

    /// <summary>The event's constant <c>input</c> JSON, sent instead of the Scheduled Event; null sends that.</summary>
    public string? Input { get; init; }

    /// <summary>The part of the Scheduled Event to send instead of all of it (<c>inputPath</c>), or null.</summary>
    public EventPath? InputPath { get; init; }

    /// <summary>What to build from the Scheduled Event and send in its place (<c>inputTransformer</c>).</summary>
    public InputTransformer? InputTransformer { get; init; }

    /// <summary>
    /// True when EventBridge Scheduler delivers it (<c>method: scheduler</c>) rather than an EventBridge rule:
    /// Scheduler fills its context attributes (<c>&lt;aws.scheduler.scheduled-time&gt;</c>, ...) into the input.
    /// </summary>
    public bool UsesScheduler { get; init; }

    /// <summary>
    /// The zone a cron expression's fields are read in (<c>timezone</c>, EventBridge Scheduler only); UTC otherwise.
    /// </summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
}
