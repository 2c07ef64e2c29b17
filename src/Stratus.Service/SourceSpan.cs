namespace Stratus.Service;

/// <summary>
/// A place in a configuration file: 1-based line and column, and the length of the marked text.
/// </summary>
/// <param name="File">The file as the caller named it (a relative path is fine).</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="Length">How many characters from <paramref name="Column"/> belong to the marked text.</param>
public readonly record struct SourceSpan(string File, int Line, int Column, int Length)
{
    /// <summary>Renders the place as <c>file:line:col</c>, the prefix used by every error.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
