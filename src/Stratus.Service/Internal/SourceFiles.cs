using System.Collections.Concurrent;

namespace Stratus.Service.Internal;

/// <summary>The text of every file read during one load, so errors can show the line they point at.</summary>
internal sealed class SourceFiles
{
    private readonly ConcurrentDictionary<string, string[]> _lines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _lookedFor = new(StringComparer.Ordinal);

    public void Add(string file, string text) => _lines[file] = SplitLines(text);

    /// <summary>
    /// The full path of every file read, and of every file a variable looked for (found or not), sorted.
    /// </summary>
    public IReadOnlyList<string> Paths =>
        [.. _lines.Keys.Select(Path.GetFullPath).Concat(_lookedFor.Keys).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Records a file a variable looked for, whether or not it exists.</summary>
    public void LookedFor(string fullPath) => _lookedFor.TryAdd(fullPath, true);

    public string? Line(SourceSpan at) =>
        _lines.TryGetValue(at.File, out var lines) && at.Line >= 1 && at.Line <= lines.Length
            ? lines[at.Line - 1]
            : null;

    public string[]? Lines(string file) => _lines.TryGetValue(file, out var lines) ? lines : null;

    /// <summary>
    /// Narrows a span to where <paramref name="needle"/> is written between its line and <paramref name="endLine"/>,
    /// so an error marks the variable and not the whole value; the span is kept when the text is not found as written.
    /// </summary>
    public SourceSpan Locate(SourceSpan within, int endLine, string needle)
    {
        // Limitation: a variable split across lines of a folded scalar, or written with escapes in double
        // quotes, is not found as written; the error then points at the start of the value instead.
        var lines = Lines(within.File);
        if (lines is null || needle.Length == 0)
        {
            return within;
        }

        for (var line = within.Line; line <= Math.Min(endLine, lines.Length); line++)
        {
            var from = line == within.Line ? Math.Max(0, within.Column - 1) : 0;
            var text = lines[line - 1];
            var found = from <= text.Length ? text.IndexOf(needle, from, StringComparison.Ordinal) : -1;
            if (found >= 0)
            {
                return within with { Line = line, Column = found + 1, Length = needle.Length };
            }
        }

        return within;
    }

    public static string[] SplitLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
