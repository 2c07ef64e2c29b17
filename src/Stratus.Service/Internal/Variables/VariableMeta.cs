namespace Stratus.Service.Internal.Variables;

/// <summary>
/// One <c>${...}</c> in a string (with its sources, first choice then fallbacks), or one escape (a fixed text that
/// replaces backslashes before a <c>${</c>).
/// </summary>
internal sealed class VariableMeta
{
    public required int Start { get; init; }

    public required int End { get; init; }

    /// <summary>Whether the variable spans the whole string.</summary>
    public bool IsWhole { get; set; }

    /// <summary>The sources, tried left to right; null for an escape.</summary>
    public IReadOnlyList<SourceMeta>? Sources { get; init; }

    /// <summary>The text an escape stands for; null for a variable.</summary>
    public string? EscapeText { get; init; }
}
