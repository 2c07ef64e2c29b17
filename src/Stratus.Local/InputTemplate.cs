using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stratus.Local;

/// <summary>
/// An input transformer's <c>InputTemplate</c>: JSON with <c>&lt;name&gt;</c> placeholders, filled as EventBridge
/// fills them (eb-transform-target-input.html). Outside quotes a placeholder becomes the value's JSON; inside
/// quotes, a text value's characters, unescaped, and an object or array's JSON with its quotes removed.
/// </summary>
public sealed partial class InputTemplate
{
    /// <summary>EventBridge's predefined variables, usable without an <c>InputPathsMap</c> entry.</summary>
    public static readonly IReadOnlyList<string> PredefinedVariables =
    [
        RuleArnVariable, RuleNameVariable, IngestionTimeVariable, EventVariable, EventJsonVariable,
    ];

    internal const string RuleArnVariable = "aws.events.rule-arn";
    internal const string RuleNameVariable = "aws.events.rule-name";
    internal const string IngestionTimeVariable = "aws.events.event.ingestion-time";
    internal const string EventVariable = "aws.events.event";
    internal const string EventJsonVariable = "aws.events.event.json";

    // Values go into the target's input as raw UTF-8, as EventBridge sends them.
    private static readonly JsonSerializerOptions Unescaped = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly IReadOnlyList<Segment> _segments;

    private InputTemplate(string text, IReadOnlyList<Segment> segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>Parses a template whose placeholders name <paramref name="variables"/> or predefined ones.</summary>
    /// <exception cref="FormatException">The template is not one EventBridge can fill with JSON for Lambda.</exception>
    public static InputTemplate Parse(string text, IReadOnlyCollection<string> variables)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(variables);

        if (text.Length is 0 or > 8192)
        {
            throw new FormatException(
                $"inputTemplate is {text.Length} characters long; EventBridge takes 1 to 8192.");
        }

        var segments = Split(text);
        foreach (var placeholder in segments.OfType<Placeholder>())
        {
            CheckPlaceholder(text, placeholder, variables);
        }

        CheckJson(text, segments);
        return new InputTemplate(text, segments);
    }

    /// <summary>The template filled with <paramref name="values"/>; a variable without a value fills as null.</summary>
    /// <remarks>
    /// Limitation: AWS only says a variable whose path matches nothing "is not created"; here it fills as
    /// <c>null</c> outside quotes and as nothing inside them.
    /// </remarks>
    public string Render(IReadOnlyDictionary<string, JsonNode?> values)
    {
        ArgumentNullException.ThrowIfNull(values);

        var output = new StringBuilder(Text.Length);
        foreach (var segment in _segments)
        {
            output.Append(segment switch
            {
                Literal literal => literal.Text,
                Placeholder { InString: false } value => values.TryGetValue(value.Name, out var node)
                    ? node?.ToJsonString(Unescaped) ?? "null"
                    : "null",
                Placeholder inString => values.TryGetValue(inString.Name, out var node) ? InsideQuotes(node) : "",
                _ => throw new InvalidOperationException($"Unknown template segment {segment}."),
            });
        }

        return output.ToString();
    }

    private static List<Segment> Split(string text)
    {
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        var inString = false;
        for (var index = 0; index < text.Length; index++)
        {
            var c = text[index];
            if (c == '<' && PlaceholderPattern().Match(text, index) is { Success: true } placeholder)
            {
                segments.Add(new Literal(literal.ToString()));
                literal.Clear();
                segments.Add(new Placeholder(placeholder.Groups[1].Value, inString, index));
                index += placeholder.Length - 1;
                continue;
            }

            literal.Append(c);
            if (inString && c == '\\' && index + 1 < text.Length)
            {
                literal.Append(text[++index]);
            }
            else if (c == '"')
            {
                inString = !inString;
            }
        }

        segments.Add(new Literal(literal.ToString()));
        return segments;
    }

    private static void CheckPlaceholder(string text, Placeholder placeholder, IReadOnlyCollection<string> variables)
    {
        var name = placeholder.Name;
        if (!variables.Contains(name) && !PredefinedVariables.Contains(name))
        {
            throw new FormatException(
                $"inputTemplate uses <{name}>, which inputPathsMap does not define and EventBridge does not " +
                $"predefine; define '{name}' in inputPathsMap, or use one of " +
                $"{string.Join(", ", PredefinedVariables.Select(known => $"<{known}>"))}.");
        }

        // AWS: the whole-event variables are JSON whose quotes are not escaped, so they only fit a JSON value.
        if (placeholder.InString && name is EventVariable or EventJsonVariable)
        {
            throw new FormatException(
                $"inputTemplate puts <{name}> inside quotes; EventBridge allows it only as a JSON value, " +
                $"such as '{{\"event\": <{name}>}}'.");
        }

        var after = text[(placeholder.Position + name.Length + 2)..].TrimStart();
        if (!placeholder.InString && after.StartsWith(':'))
        {
            throw new FormatException(
                $"inputTemplate uses <{name}> as an object key; EventBridge fills placeholders in values only.");
        }
    }

    private static void CheckJson(string text, List<Segment> segments)
    {
        // Lambda's Invoke takes a JSON document, so a template must be JSON once filled; any value will do here.
        var sample = string.Concat(segments.Select(segment => segment switch
        {
            Literal literal => literal.Text,
            Placeholder { InString: true } => "x",
            _ => "null",
        }));
        try
        {
            using var document = JsonDocument.Parse(sample);
        }
        catch (JsonException)
        {
            throw new FormatException(
                $"inputTemplate '{text}' is not JSON once its placeholders are filled, and Lambda takes JSON; " +
                "write a JSON object such as '{\"time\": <t>}', or text in double quotes such as '\"<t> fired\"'.");
        }
    }

    private static string InsideQuotes(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),

        // AWS: an object or array referenced inside a string loses its inner quotes, to keep the string valid.
        JsonObject or JsonArray => node.ToJsonString(Unescaped).Replace("\"", "", StringComparison.Ordinal),
        _ => node.ToJsonString(Unescaped),
    };

    [GeneratedRegex(@"\G<([A-Za-z0-9_.\-]+)>")]
    private static partial Regex PlaceholderPattern();

    private abstract record Segment;

    private sealed record Literal(string Text) : Segment;

    private sealed record Placeholder(string Name, bool InString, int Position) : Segment;
}
