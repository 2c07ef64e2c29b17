using System.Globalization;

namespace Stratus.Service.Internal.Yaml;

/// <summary>
/// Finds the backslash escape a double-quoted scalar cannot hold, so that the error points at <c>\d</c> in
/// <c>"^\d+$"</c> rather than at the opening quote; YamlDotNet only reports the scalar's start.
/// </summary>
internal static class QuotedEscapes
{
    /// <summary>The escapes YAML 1.2 allows in double quotes, as a message lists them.</summary>
    public const string Accepted =
        "\\0 \\a \\b \\t \\n \\v \\f \\r \\e \\\" \\/ \\\\ \\N \\_ \\L \\P, a space or line end after the " +
        "backslash, and \\xHH, \\uHHHH or \\UHHHHHHHH with hexadecimal digits";

    private const string SingleLetterEscapes = "0abt\tnvfre \"/\\N_LP";

    /// <summary>One escape the reader refuses: where its backslash is, its text and why it is refused.</summary>
    public readonly record struct BadEscape(int Line, int Column, string Text, string Reason, string Scalar);

    /// <summary>The first refused escape of the double-quoted scalar whose quote is at the 1-based position.</summary>
    public static BadEscape? InScalarAt(string[] lines, int line, int column)
    {
        if (line < 1 || line > lines.Length || column < 1 || column > lines[line - 1].Length
            || lines[line - 1][column - 1] != '"')
        {
            return null;
        }

        for (var index = line - 1; index < lines.Length; index++)
        {
            var text = lines[index];
            var start = index == line - 1 ? column : 0;
            for (var position = start; position < text.Length; position++)
            {
                if (text[position] == '"')
                {
                    return null;
                }

                if (text[position] != '\\' || position + 1 >= text.Length)
                {
                    continue;
                }

                if (Check(text, position) is { } reason)
                {
                    var scalar = index == line - 1 ? ScalarText(text, column) : string.Empty;
                    return new BadEscape(index + 1, position + 1, EscapeText(text, position), reason, scalar);
                }

                position++;
            }
        }

        return null;
    }

    /// <summary>
    /// The first refused escape in a double-quoted scalar that starts at or after the position: for failures that
    /// carry only the last place the reader got to.
    /// </summary>
    public static BadEscape? After(string[] lines, int line, int column)
    {
        for (var index = Math.Max(0, line - 1); index < lines.Length; index++)
        {
            var text = lines[index];
            var start = index == line - 1 ? Math.Max(0, column - 1) : 0;
            for (var position = start; position < text.Length; position++)
            {
                var character = text[position];
                if (character == '#' && (position == 0 || text[position - 1] is ' ' or '\t'))
                {
                    break;
                }

                if (character == '\'')
                {
                    return null;
                }

                if (character == '"')
                {
                    return InScalarAt(lines, index + 1, position + 1);
                }
            }
        }

        return null;
    }

    /// <summary>Why the escape at the backslash is refused, or null when YAML accepts it.</summary>
    private static string? Check(string text, int backslash)
    {
        var letter = text[backslash + 1];
        if (SingleLetterEscapes.Contains(letter, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = letter switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
        if (digits == 0)
        {
            return "is unknown";
        }

        var hex = text.Substring(backslash + 2, Math.Min(digits, text.Length - backslash - 2));
        if (hex.Length < digits || !hex.All(char.IsAsciiHexDigit))
        {
            return $"must be followed by {digits.ToString(CultureInfo.InvariantCulture)} hexadecimal digits";
        }

        var code = long.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return code > 0x10FFFF || (code is >= 0xD800 and <= 0xDFFF && !IsPairedSurrogate(text, backslash, code))
            ? "is not a Unicode character"
            : null;
    }

    private static bool IsPairedSurrogate(string text, int backslash, long code)
    {
        var next = backslash + 6;
        return code <= 0xDBFF
            && next + 6 <= text.Length
            && text[next] == '\\'
            && text[next + 1] == 'u'
            && int.TryParse(text.AsSpan(next + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var low)
            && low is >= 0xDC00 and <= 0xDFFF;
    }

    private static string EscapeText(string text, int backslash)
    {
        var letter = text[backslash + 1];
        var digits = letter switch { 'x' => 2, 'u' => 4, 'U' => 8, _ => 0 };
        var length = 2;
        while (length < 2 + digits
            && backslash + length < text.Length
            && char.IsAsciiHexDigit(text[backslash + length]))
        {
            length++;
        }

        return text.Substring(backslash, length);
    }

    /// <summary>The scalar's text with the backslash of each refused escape written twice.</summary>
    public static string DoubleRefused(string scalar)
    {
        var text = new System.Text.StringBuilder(scalar.Length + 4);
        for (var position = 0; position < scalar.Length; position++)
        {
            text.Append(scalar[position]);
            if (scalar[position] != '\\' || position + 1 >= scalar.Length)
            {
                continue;
            }

            if (Check(scalar, position) is not null)
            {
                text.Append('\\');
            }
            else
            {
                text.Append(scalar[++position]);
            }
        }

        return text.ToString();
    }

    /// <summary>What is between the quotes when the scalar ends on its first line, for the fix to repeat.</summary>
    private static string ScalarText(string text, int quoteColumn)
    {
        for (var position = quoteColumn; position < text.Length; position++)
        {
            if (text[position] == '\\')
            {
                position++;
            }
            else if (text[position] == '"')
            {
                return text[quoteColumn..position];
            }
        }

        return string.Empty;
    }
}
