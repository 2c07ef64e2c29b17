using System.Text;
using System.Text.RegularExpressions;

namespace Stratus.Service.Internal;

/// <summary>
/// Reads a .env file as framework v3 does (the dotenv package, then dotenv-expand): NAME=value lines, an optional
/// 'export ', quoted values ('...', "..." with \n and \r, `...`) that may span lines, '#' comments after unquoted
/// values, and ${NAME}, $NAME and ${NAME:-default} references expanded from the environment, then the file.
/// </summary>
internal static partial class DotenvParser
{
    /// <summary>The file's variables in file order; a name given twice keeps its last value.</summary>
    public static List<KeyValuePair<string, string>> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (Match line in Line().Matches(text.ReplaceLineEndings("\n")))
        {
            var name = line.Groups["name"].Value;
            if (!values.ContainsKey(name))
            {
                order.Add(name);
            }

            values[name] = Value(line.Groups["value"].Value.Trim());
        }

        return order.Select(name => new KeyValuePair<string, string>(name, values[name])).ToList();
    }

    /// <summary>
    /// The file's variables with their references expanded. dotenv first adds each name the environment lacks,
    /// unexpanded, so a reference reads the environment, then the file's text for it; a name the environment
    /// already has keeps the environment's value.
    /// </summary>
    public static Dictionary<string, string> Expand(
        IReadOnlyList<KeyValuePair<string, string>> parsed,
        IReadOnlyDictionary<string, string> environment)
    {
        var visible = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        parsed.ToList().ForEach(pair => visible.TryAdd(pair.Key, pair.Value));

        var expanded = parsed.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        foreach (var (name, _) in parsed)
        {
            var interpolated = Interpolate(visible[name], visible, expanded);
            expanded[name] = interpolated.Replace("\\$", "$", StringComparison.Ordinal);
        }

        return expanded;
    }

    private static string Value(string raw)
    {
        if (raw.Length < 2 || raw[0] is not ('\'' or '"' or '`') || raw[^1] != raw[0])
        {
            return raw;
        }

        var inner = raw[1..^1];
        return raw[0] == '"'
            ? inner.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\r", "\r", StringComparison.Ordinal)
            : inner;
    }

    // References are replaced right to left, so a default may itself hold one already replaced.
    private static string Interpolate(
        string value,
        Dictionary<string, string> environment,
        Dictionary<string, string> file)
    {
        var text = new StringBuilder(value);
        for (var guard = 0; guard < 1000; guard++)
        {
            var current = text.ToString();
            var at = LastUnescapedDollar(current);
            if (at < 0 || Reference().Match(current, at) is not { Success: true } reference || reference.Index != at)
            {
                return current;
            }

            var name = reference.Groups["name"].Value;
            var fallback = reference.Groups["default"].Value;
            var replacement = NonEmpty(environment.GetValueOrDefault(name))
                ?? NonEmpty(fallback)
                ?? file.GetValueOrDefault(name)
                ?? string.Empty;
            text.Remove(at, reference.Length).Insert(at, replacement);
        }

        return text.ToString();
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static int LastUnescapedDollar(string text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (text[i] == '$' && (i == 0 || text[i - 1] != '\\'))
            {
                return i;
            }
        }

        return -1;
    }

    // NAME=value or NAME: value; a quoted value may span lines, an unquoted one ends at '#' or the line's end.
    private const string LinePattern =
        """^[ \t]*(?:export[ \t]+)?(?<name>[\w.-]+)(?:[ \t]*=[ \t]*|:[ \t]+)"""
        + """(?<value>[ \t]*'(?:\\'|[^'])*'|[ \t]*"(?:\\"|[^"])*"|[ \t]*`(?:\\`|[^`])*`|[^#\n]+)?"""
        + """[ \t]*(?:#.*)?$""";

    [GeneratedRegex(LinePattern, RegexOptions.Multiline)]
    private static partial Regex Line();

    [GeneratedRegex(@"\$\{?(?<name>\w+)(?::-(?<default>[^}\\]*))?\}?")]
    private static partial Regex Reference();
}
