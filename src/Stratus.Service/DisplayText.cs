namespace Stratus.Service;

/// <summary>Text from a user (a stage, a key, a name) made safe to echo in a message on a terminal.</summary>
public static class DisplayText
{
    /// <summary>
    /// The text with its control characters shown as \uXXXX, so a value cannot move the cursor or clear the screen.
    /// With <paramref name="keepLineBreaks"/>, line ends and tabs pass through: for a whole message, whose lines they
    /// lay out; without it, they are escaped too, so a value's trailing line end ('dev\n') is seen.
    /// </summary>
    public static string Escaped(string text, bool keepLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(text);

        bool IsEscaped(char c) => char.IsControl(c) && !(keepLineBreaks && c is '\n' or '\t');
        return text.Any(IsEscaped)
            ? string.Concat(text.Select(c => IsEscaped(c) ? $"\\u{(int)c:x4}" : c.ToString()))
            : text;
    }
}
