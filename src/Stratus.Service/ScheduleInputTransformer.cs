namespace Stratus.Service;

/// <summary>
/// A schedule's <c>inputTransformer</c>: variables read from the event by JSON path, and the template they fill.
/// </summary>
/// <param name="PathsMap">Each variable's name and its JSON path as written (<c>inputPathsMap</c>).</param>
/// <param name="Template">The <c>inputTemplate</c> as written, with <c>&lt;name&gt;</c> placeholders.</param>
public sealed record ScheduleInputTransformer(
    IReadOnlyDictionary<string, ConfigScalar> PathsMap,
    ConfigScalar Template);
