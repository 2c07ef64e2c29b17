using System.Globalization;

namespace Stratus.Service;

/// <summary>Text from a user (a stage, a key, a name) made safe to echo in a message on a terminal.</summary>
public static class DisplayText
{
    /// <summary>
    /// The text made safe and plain to echo. A value (the default) shows every character that cannot be seen for what
    /// it is as an escape: line ends and tabs as \n, \r and \t, other control characters, white space other than a
    /// plain space (a no-break space, a vertical tab, U+2028) and invisible format characters (a zero-width space, a
    /// byte order mark, a direction override) as \uXXXX, so a value's trailing line end ('dev\n') is seen and a
    /// quoted 'cron(0\t12 * * ? *)' shows why it differs from one with spaces. With
    /// <paramref name="keepLineBreaks"/>, for a whole message whose lines and source line they lay out, line ends
    /// and tabs pass through and only the other control characters are escaped, so nothing in it can move the
    /// cursor or clear the screen; the values in it were escaped when it was written.
    /// </summary>
    /// <remarks>A backslash is not doubled, so a value holding the two characters '\n' reads as a line end would:
    /// messages quote paths and regular expressions, whose backslashes would be harder to read doubled.</remarks>
    public static string Escaped(string text, bool keepLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(text);

        bool IsEscaped(char c) => keepLineBreaks ? char.IsControl(c) && c is not ('\n' or '\t') : IsUnseen(c);
        return text.Any(IsEscaped)
            ? string.Concat(text.Select(c => IsEscaped(c) ? Escape(c) : c.ToString()))
            : text;
    }

    private static bool IsUnseen(char c) =>
        char.IsControl(c)
        || (c != ' ' && char.IsWhiteSpace(c))
        || char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static string Escape(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => $"\\u{(int)c:x4}",
    };
}
