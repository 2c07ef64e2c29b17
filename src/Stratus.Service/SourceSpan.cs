namespace Stratus.Service;

/// <summary>
/// A place in a configuration file: 1-based line and column, and the length of the marked text; line 0 stands for
/// the file as a whole (<see cref="WholeFile"/>).
/// </summary>
/// <param name="File">The file as the caller named it (a relative path is fine).</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="Length">How many characters from <paramref name="Column"/> belong to the marked text.</param>
public readonly record struct SourceSpan(string File, int Line, int Column, int Length)
{
    /// <summary>Whether this is the file as a whole rather than a place in it.</summary>
    public bool IsWholeFile => Line == 0;

    /// <summary>
    /// The file as a whole, for a finding no line of it holds: a --stage or --region value, a missing file.
    /// Pointing such a finding at line 1 would put a caret under whatever text happens to be there.
    /// </summary>
    public static SourceSpan WholeFile(string file) => new(file, 0, 0, 0);

    /// <summary>Renders the place as <c>file:line:col</c> (the whole file as <c>file</c>), as errors begin.</summary>
    public override string ToString() => IsWholeFile ? File : $"{File}:{Line}:{Column}";
}
