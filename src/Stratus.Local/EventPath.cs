using System.Globalization;
using System.Text.Json.Nodes;

namespace Stratus.Local;

/// <summary>
/// A JSON path into an event, in the subset EventBridge evaluates for <c>InputPath</c> and <c>InputPathsMap</c>:
/// <c>$</c>, then <c>.name</c> (letters, digits, <c>-</c>, <c>_</c> and <c>/</c>), <c>[n]</c> array indices and
/// the wildcard <c>*</c> (as <c>.*</c> or <c>[*]</c>).
/// </summary>
public sealed class EventPath
{
    private readonly IReadOnlyList<Step> _steps;

    private EventPath(string text, IReadOnlyList<Step> steps)
    {
        Text = text;
        _steps = steps;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses a path, refusing syntax outside the subset EventBridge documents.</summary>
    /// <exception cref="FormatException">The text is not a path EventBridge evaluates.</exception>
    public static EventPath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        if (!text.StartsWith('$'))
        {
            throw new FormatException($"JSON path '{text}' does not start with '$'; write it as '$.detail'.");
        }

        var steps = new List<Step>();
        var position = 1;
        while (position < text.Length)
        {
            steps.Add(text[position] switch
            {
                '.' => ReadName(text, ref position),
                '[' => ReadIndex(text, ref position),
                _ => throw Unsupported(text, position, $"'{text[position]}'"),
            });
        }

        return new EventPath(text, steps);
    }

    /// <summary>
    /// The part of <paramref name="root"/> the path selects, or null when it selects nothing; a path with a
    /// wildcard selects an array of every match.
    /// </summary>
    public JsonNode? Select(JsonNode root, out bool found)
    {
        ArgumentNullException.ThrowIfNull(root);

        IEnumerable<JsonNode?> matches = [root];
        foreach (var step in _steps)
        {
            matches = matches.SelectMany(step.Apply).ToList();
        }

        var selected = matches.ToList();
        found = selected.Count > 0;
        if (_steps.Any(step => step is Wildcard))
        {
            return found ? new JsonArray(selected.Select(node => node?.DeepClone()).ToArray()) : null;
        }

        return found ? selected[0] : null;
    }

    private static Step ReadName(string text, ref int position)
    {
        var start = position + 1;
        if (start < text.Length && text[start] == '*')
        {
            position = start + 1;
            return new Wildcard();
        }

        var end = start;
        while (end < text.Length && IsNameCharacter(text[end]))
        {
            end++;
        }

        if (end == start)
        {
            var found = start < text.Length && text[start] == '.' ? "'..' (recursive descent)" : "an empty name";
            throw Unsupported(text, position, found);
        }

        position = end;
        return new Name(text[start..end]);
    }

    private static Step ReadIndex(string text, ref int position)
    {
        var close = text.IndexOf(']', position);
        if (close < 0)
        {
            throw Unsupported(text, position, "an unclosed '['");
        }

        var inside = text[(position + 1)..close];
        var start = position;
        position = close + 1;
        if (inside == "*")
        {
            return new Wildcard();
        }

        return int.TryParse(inside, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? new Index(index)
            : throw Unsupported(text, start, $"'[{inside}]' (only '[n]' and '[*]' index arrays)");
    }

    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/';

    private static FormatException Unsupported(string text, int position, string found) =>
        new($"JSON path '{text}' has {found} at position {position + 1}, which EventBridge does not evaluate; " +
            "use '$', '.name' (letters, digits, '-', '_', '/'), '[n]' and '*', such as '$.detail.items[0]'.");

    private abstract record Step
    {
        public abstract IEnumerable<JsonNode?> Apply(JsonNode? node);
    }

    private sealed record Name(string Key) : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) =>
            node is JsonObject map && map.TryGetPropertyValue(Key, out var value) ? [value] : [];
    }

    private sealed record Index(int Position) : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) =>
            node is JsonArray list && Position < list.Count ? [list[Position]] : [];
    }

    private sealed record Wildcard : Step
    {
        public override IEnumerable<JsonNode?> Apply(JsonNode? node) => node switch
        {
            JsonObject map => map.Select(entry => entry.Value),
            JsonArray list => list,
            _ => [],
        };
    }
}
