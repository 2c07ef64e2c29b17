using System.Globalization;
using YamlDotNet.Core;

namespace Stratus.Service.Internal.Yaml;

/// <summary>
/// Turns YamlDotNet's parse errors into located errors that say what is wrong in the user's terms.
/// </summary>
internal static class YamlErrorTranslator
{
    private const string UnclosedFlowFix =
        "close every '[' with ']' and every '{' with '}', with commas between items.";

    public static ConfigError Translate(YamlException error, string file, string[] lines)
    {
        var reason = error.Message;
        var line = (int)Math.Max(1, error.Start.Line);
        var column = (int)Math.Max(1, error.Start.Column);

        var mentionsTab = reason.Contains("tab", StringComparison.OrdinalIgnoreCase);
        var tab = FindIndentationTab(lines, mentionsTab ? lines.Length : line + 1);
        if (tab is { } found)
        {
            return new ConfigError(
                ConfigErrorCodes.YamlTab,
                new SourceSpan(file, found.Line, found.Column, 1),
                "this line is indented with a tab character, which YAML does not allow.",
                "indent with spaces only (2 per level is usual); set your editor to insert spaces for tabs.");
        }

        var at = new SourceSpan(file, line, column, 1);
        if (IsEscape(reason))
        {
            return QuotedEscapes.InScalarAt(lines, line, column) is { } escape
                ? BadEscape(file, escape)
                : new ConfigError(
                    ConfigErrorCodes.YamlBadEscape,
                    at,
                    $"this double-quoted string holds a backslash escape YAML does not have ({Lower(reason)}).",
                    EscapeFix(string.Empty));
        }

        // 'Found invalid comment after ...' names a quoted scalar or a bracket, but nothing is left open.
        if (reason.Contains("invalid comment after", StringComparison.Ordinal))
        {
            var text = line <= lines.Length ? lines[line - 1] : string.Empty;
            var hash = text.IndexOf('#', Math.Min(column - 1, text.Length));
            return new ConfigError(
                ConfigErrorCodes.YamlSyntax,
                hash < 0 ? at : at with { Column = hash + 1 },
                "a '#' starts a comment only after a space, and here it follows the value directly.",
                "put a space before the '#' to start a comment, or quote the whole text if the '#' belongs to it.");
        }

        if (reason.Contains("multi-line double-quoted scalar, found wrong indentation", StringComparison.Ordinal))
        {
            var next = (int)error.End.Line;
            return new ConfigError(
                ConfigErrorCodes.YamlUnclosed,
                at,
                "the double-quoted string that starts here runs on to line " +
                $"{next.ToString(CultureInfo.InvariantCulture)}, which is not indented deeper than its key: the " +
                "closing quote is missing, or that line is a continuation that needs more indentation.",
                "close the quote where the text ends, or indent the continued lines further than the key.");
        }

        if (reason.Contains("quoted scalar", StringComparison.Ordinal))
        {
            return new ConfigError(
                ConfigErrorCodes.YamlUnclosed,
                at,
                "a quoted string that starts here is never closed.",
                "add the closing quote; inside single quotes write '' for a quote, inside double quotes write \\\".");
        }

        // At the end of the file the reader says 'did not find expected node content', not that a '[' is open.
        if (IsPastContent(lines, line, column) && UnclosedFlow.Find(lines, lines.Length + 1, 1) is { } open)
        {
            return NeverClosed(file, open);
        }

        if (reason.Contains("flow", StringComparison.Ordinal))
        {
            return UnclosedFlowCollection(at, lines, reason);
        }

        if (IsIndentation(reason))
        {
            return Indentation(at, lines, reason);
        }

        return new ConfigError(
            ConfigErrorCodes.YamlSyntax,
            IsPastContent(lines, line, column) ? EndOfContent(file, lines) : at,
            $"the YAML cannot be read here: {Lower(reason)}",
            "check this line and the one before it for a missing ':', a stray character, or text that needs quotes.");
    }

    /// <summary>
    /// For failures that carry no position (YamlDotNet bugs on odd input): the last place read.
    /// </summary>
    public static ConfigError Unreadable(Mark lastMark, string file, string[] lines)
    {
        var line = (int)Math.Max(1, lastMark.Line);
        var tab = FindIndentationTab(lines, lines.Length);
        if (tab is { } found)
        {
            return new ConfigError(
                ConfigErrorCodes.YamlTab,
                new SourceSpan(file, found.Line, found.Column, 1),
                "this line is indented with a tab character, which YAML does not allow.",
                "indent with spaces only (2 per level is usual); set your editor to insert spaces for tabs.");
        }

        // YamlDotNet throws ArgumentOutOfRangeException for an escape such as \UFFFFFFFF.
        if (QuotedEscapes.After(lines, line, (int)Math.Max(1, lastMark.Column)) is { } escape)
        {
            return BadEscape(file, escape);
        }

        if (UnclosedFlow.Find(lines, lines.Length + 1, 1) is { } opening)
        {
            return NeverClosed(file, opening);
        }

        return new ConfigError(
            ConfigErrorCodes.YamlUnclosed,
            new SourceSpan(file, line, (int)Math.Max(1, lastMark.Column), 1),
            "the YAML cannot be read after this point; a '[', '{' or quote may not be closed.",
            "close every '[' with ']', every '{' with '}' and every quote, with commas between flow items.");
    }

    /// <summary>
    /// The scanner's messages about escapes also say "quoted scalar", but the string is closed: the mistake is a
    /// backslash meant as text, as in a regular expression or a Windows path.
    /// </summary>
    private static bool IsEscape(string reason) =>
        reason.Contains("unknown escape character", StringComparison.Ordinal)
        || reason.Contains("expected hexadecimal number", StringComparison.Ordinal)
        || reason.Contains("Unicode character escape code", StringComparison.Ordinal)
        || reason.Contains("Unicode surrogates", StringComparison.Ordinal);

    private static ConfigError BadEscape(string file, QuotedEscapes.BadEscape escape) => new(
        ConfigErrorCodes.YamlBadEscape,
        new SourceSpan(file, escape.Line, escape.Column, escape.Text.Length),
        $"the escape '{escape.Text}' {escape.Reason}; double quotes accept only {QuotedEscapes.Accepted}.",
        EscapeFix(escape.Scalar));

    private static string EscapeFix(string scalar) =>
        scalar.Length > 0 && !scalar.Contains('\'', StringComparison.Ordinal)
            ? $"to keep the backslash as text, use single quotes ('{scalar}') or write it twice " +
                $"(\"{QuotedEscapes.DoubleRefused(scalar)}\")."
            : "to keep a backslash as text, use single quotes or write it twice ('\\\\') inside double quotes.";

    private static ConfigError NeverClosed(string file, UnclosedFlow.Opening opening) => new(
        ConfigErrorCodes.YamlUnclosed,
        new SourceSpan(file, opening.Line, opening.Column, 1),
        $"the '{opening.Bracket}' {KindOf(opening)} that starts here is never closed.",
        UnclosedFlowFix);

    /// <summary>Whether only blank lines and comments follow the 1-based position, where the reader stopped.</summary>
    private static bool IsPastContent(string[] lines, int line, int column)
    {
        for (var index = Math.Max(0, line - 1); index < lines.Length; index++)
        {
            var text = index == line - 1 ? lines[index][Math.Min(column - 1, lines[index].Length)..] : lines[index];
            var trimmed = text.TrimStart(' ', '\t', '\r');
            if (trimmed.Length > 0 && trimmed[0] != '#')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The end of the last line that holds something, so the error shows that line.</summary>
    private static SourceSpan EndOfContent(string file, string[] lines)
    {
        var last = Array.FindLastIndex(lines, text => text.Trim().Length > 0);
        return last < 0
            ? new SourceSpan(file, 1, 1, 1)
            : new SourceSpan(file, last + 1, lines[last].TrimEnd().Length, 1);
    }

    /// <summary>Points at the '[' or '{' left open, and says where the reader gave up when that is elsewhere.</summary>
    private static ConfigError UnclosedFlowCollection(SourceSpan at, string[] lines, string reason)
    {
        if (UnclosedFlow.Find(lines, at.Line, at.Column + 1) is not { } opening)
        {
            return new ConfigError(
                ConfigErrorCodes.YamlUnclosed,
                at,
                $"a '[' or '{{' list or mapping is not closed properly ({Lower(reason)}).",
                UnclosedFlowFix);
        }

        var stopped = (opening.Line, opening.Column) == (at.Line, at.Column)
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"reading stopped at {at.Line}:{at.Column}, ");
        return new ConfigError(
            ConfigErrorCodes.YamlUnclosed,
            at with { Line = opening.Line, Column = opening.Column },
            $"the '{opening.Bracket}' {KindOf(opening)} that starts here is not closed properly ({stopped}" +
            $"{Lower(reason).TrimEnd('.')}).",
            UnclosedFlowFix);
    }

    private static string KindOf(UnclosedFlow.Opening opening) => opening.Bracket == '[' ? "list" : "mapping";

    private static bool IsIndentation(string reason) =>
        reason.Contains("did not find expected key", StringComparison.Ordinal)
        || reason.Contains("did not find expected '-' indicator", StringComparison.Ordinal)
        || reason.Contains("invalid mapping", StringComparison.Ordinal)
        || reason.Contains("Mapping values are not allowed", StringComparison.Ordinal)
        || reason.Contains("did not find expected <document start>", StringComparison.Ordinal);

    private static ConfigError Indentation(SourceSpan at, string[] lines, string reason)
    {
        var text = at.Line <= lines.Length ? lines[at.Line - 1] : string.Empty;
        var indent = text.Length - text.TrimStart(' ').Length;
        var where = at with { Column = indent + 1, Length = Math.Max(1, text.Trim().Length) };
        if (reason.Contains("invalid mapping", StringComparison.Ordinal)
            || reason.Contains("Mapping values are not allowed", StringComparison.Ordinal))
        {
            return new ConfigError(
                ConfigErrorCodes.YamlIndentation,
                at,
                "a 'key: value' here sits under a value that is not a mapping; the line is indented too far, " +
                "or the value needs quotes.",
                "indent the line like its sibling keys, or quote the value if the ': ' is part of the text.");
        }

        return new ConfigError(
            ConfigErrorCodes.YamlIndentation,
            where,
            $"this line is indented by {indent.ToString(CultureInfo.InvariantCulture)} spaces, which lines up " +
            "with no block above it.",
            "indent the line exactly like the sibling keys or list items it belongs with.");
    }

    private static (int Line, int Column)? FindIndentationTab(string[] lines, int lastLine)
    {
        for (var i = 0; i < Math.Min(lastLine, lines.Length); i++)
        {
            var text = lines[i];
            var indent = text.Length - text.TrimStart(' ', '\t').Length;
            var tab = text.IndexOf('\t', 0, indent);
            if (tab >= 0 && indent < text.Length && text[indent] != '#')
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private static string Lower(string reason)
    {
        var trimmed = reason.Trim();
        return trimmed.Length == 0 ? trimmed : char.ToLowerInvariant(trimmed[0]) + trimmed[1..];
    }
}
