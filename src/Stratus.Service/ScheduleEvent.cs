namespace Stratus.Service;

/// <summary>A <c>schedule:</c> event: one or more <c>rate(...)</c> or <c>cron(...)</c> expressions.</summary>
/// <param name="At">Where the event is written.</param>
/// <param name="Expressions">The rate or cron expressions.</param>
/// <param name="Enabled">Whether the schedule is on (true unless <c>enabled: false</c>).</param>
/// <param name="Input">The constant input passed to the function, or null.</param>
/// <param name="Name">The rule name, or null.</param>
/// <param name="Description">The rule description, or null.</param>
/// <param name="Node">The event's value as written, for settings this record does not model.</param>
public sealed record ScheduleEvent(
    SourceSpan At,
    IReadOnlyList<string> Expressions,
    bool Enabled,
    ConfigNode? Input,
    string? Name,
    string? Description,
    ConfigNode Node) : FunctionEvent(At)
{
    /// <summary>Where each of <see cref="Expressions"/> is written, in the same order.</summary>
    public IReadOnlyList<SourceSpan> ExpressionsAt { get; init; } = [];

    /// <summary>The <c>inputPath</c>: the JSON path of the part of the event the function gets, or null.</summary>
    public ConfigScalar? InputPath { get; init; }

    /// <summary>The <c>inputTransformer</c> that builds what the function gets from the event, or null.</summary>
    public ScheduleInputTransformer? InputTransformer { get; init; }

    /// <summary>
    /// Whether EventBridge Scheduler (<c>method: scheduler</c>) fires the schedule, rather than an EventBridge rule.
    /// </summary>
    public bool UsesScheduler { get; init; }

    /// <summary>The IANA time zone a Scheduler cron is read in (<c>timezone</c>), or null for UTC.</summary>
    public ConfigScalar? Timezone { get; init; }
}
