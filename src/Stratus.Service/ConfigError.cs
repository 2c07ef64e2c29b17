using System.Text;

namespace Stratus.Service;

/// <summary>One user error in a service configuration, located and with one fix.</summary>
/// <param name="Code">The stable code, <c>STR</c> plus four digits (see <see
/// cref="ConfigErrorCodes"/>).</param>
/// <param name="At">Where the error is.</param>
/// <param name="Message">What was found and what was expected, values in single quotes.</param>
/// <param name="Fix">One way to fix it.</param>
public sealed record ConfigError(string Code, SourceSpan At, string Message, string Fix)
{
    /// <summary>
    /// Renders the error as the house style shows it: a <c>file:line:col: error CODE: message</c> line, the source
    /// line with carets under the marked text when <paramref name="sourceLine"/> is given, and the fix.
    /// </summary>
    /// <param name="sourceLine">The text of line <see cref="SourceSpan.Line"/> of the file, if known.</param>
    /// <param name="severity"><c>error</c>, or <c>warning</c> for a finding that does not stop the command.</param>
    public string Format(string? sourceLine = null, string severity = "error")
    {
        var text = new StringBuilder();
        text.Append(At.ToString()).Append(": ").Append(severity).Append(' ').Append(Code)
            .Append(": ").Append(Message).Append('\n');

        if (sourceLine is not null && !At.IsWholeFile)
        {
            AppendSourceLine(text, sourceLine);
        }

        text.Append("  fix: ").Append(Fix);
        return text.ToString();
    }

    private void AppendSourceLine(StringBuilder text, string sourceLine)
    {
        // The line is shown without its own indentation, so carets are shifted by what was trimmed.
        var trimmed = sourceLine.TrimEnd('\r', '\n');
        var indent = trimmed.Length - trimmed.TrimStart(' ', '\t').Length;
        var shown = trimmed[indent..];
        var caretStart = Math.Clamp(At.Column - 1 - indent, 0, shown.Length);
        var caretLength = Math.Clamp(At.Length, 1, Math.Max(1, shown.Length - caretStart));

        // A control character in the line is shown escaped, as the whole error is when it is printed; escaping it
        // here lets the carets count the escapes' width, so they stay under the marked text.
        var markedEnd = Math.Min(caretStart + caretLength, shown.Length);
        var before = DisplayText.Escaped(shown[..caretStart], keepLineBreaks: true);
        var marked = DisplayText.Escaped(shown[caretStart..markedEnd], keepLineBreaks: true);
        var after = DisplayText.Escaped(shown[markedEnd..], keepLineBreaks: true);
        text.Append("    ").Append(before).Append(marked).Append(after).Append('\n');
        text.Append("    ").Append(' ', before.Length).Append('^', Math.Max(caretLength, marked.Length)).Append('\n');
    }
}
