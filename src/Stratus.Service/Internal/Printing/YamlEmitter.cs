using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Stratus.Service.Internal.Yaml;

namespace Stratus.Service.Internal.Printing;

/// <summary>Writes a node as block-style YAML that reads back to the same values and types.</summary>
internal sealed partial class YamlEmitter(IReadOnlySet<string>? masked)
{
    private const string Mask = "'***'";
    private readonly StringBuilder _text = new();

    public static string Emit(ConfigNode node, IReadOnlySet<string>? masked)
    {
        var emitter = new YamlEmitter(masked);
        emitter.WriteRoot(node);
        return emitter._text.ToString();
    }

    private void WriteRoot(ConfigNode node)
    {
        switch (node)
        {
            case ConfigMapping { Count: > 0 } mapping when mapping.Tag is null:
                WriteMapping(mapping, 0, inlineFirst: false, string.Empty);
                break;
            case ConfigSequence { Items.Count: > 0 } sequence when sequence.Tag is null:
                WriteSequence(sequence, 0, inlineFirst: false, string.Empty);
                break;
            default:
                WriteItem(node, 0, string.Empty);
                break;
        }
    }

    private void WriteMapping(ConfigMapping mapping, int indent, bool inlineFirst, string path)
    {
        var first = true;
        foreach (var entry in mapping.Entries)
        {
            if (!(first && inlineFirst))
            {
                _text.Append(' ', indent);
            }

            first = false;
            _text.Append(Key(entry.Key)).Append(':');
            WriteValueAfterKey(entry.Value, indent, Join(path, entry.Key));
        }
    }

    private void WriteValueAfterKey(ConfigNode value, int indent, string path)
    {
        if (IsMasked(path) || value is ConfigScalar || IsEmpty(value))
        {
            _text.Append(' ');
            WriteInline(value, indent + 2, path);
            return;
        }

        AppendTag(value, leadingSpace: true);
        _text.Append('\n');
        if (value is ConfigMapping mapping)
        {
            WriteMapping(mapping, indent + 2, inlineFirst: false, path);
        }
        else
        {
            WriteSequence((ConfigSequence)value, indent + 2, inlineFirst: false, path);
        }
    }

    private void WriteSequence(ConfigSequence sequence, int indent, bool inlineFirst, string path)
    {
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            if (!(i == 0 && inlineFirst))
            {
                _text.Append(' ', indent);
            }

            _text.Append("- ");
            WriteItem(sequence.Items[i], indent + 2, Join(path, i.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Writes a node that starts right after "- " (or at the document start).</summary>
    private void WriteItem(ConfigNode node, int indent, string path)
    {
        if (IsMasked(path) || node is ConfigScalar || IsEmpty(node))
        {
            WriteInline(node, indent, path);
            return;
        }

        if (node.Tag is not null)
        {
            AppendTag(node, leadingSpace: false);
            _text.Append('\n');
            if (node is ConfigMapping tagged)
            {
                WriteMapping(tagged, indent, inlineFirst: false, path);
            }
            else
            {
                WriteSequence((ConfigSequence)node, indent, inlineFirst: false, path);
            }

            return;
        }

        if (node is ConfigMapping mapping)
        {
            WriteMapping(mapping, indent, inlineFirst: true, path);
        }
        else
        {
            WriteSequence((ConfigSequence)node, indent, inlineFirst: true, path);
        }
    }

    /// <summary>Writes a scalar, an empty collection or a mask, and ends the line.</summary>
    private void WriteInline(ConfigNode node, int blockIndent, string path)
    {
        if (IsMasked(path))
        {
            _text.Append(Mask).Append('\n');
            return;
        }

        AppendTag(node, leadingSpace: false, trailingSpace: true);
        switch (node)
        {
            case ConfigMapping:
                _text.Append("{}\n");
                break;
            case ConfigSequence:
                _text.Append("[]\n");
                break;
            case ConfigScalar scalar:
                WriteScalar(scalar, blockIndent);
                break;
        }
    }

    // The framework prints the number JavaScript holds (0x1F as 31, 1.50 as 1.5); infinities, NaN and -0 keep
    // their YAML spelling, which reads back as the same value.
    private static string NumberText(string written)
    {
        var number = YamlNumbers.ToDouble(written);
        var plain = double.IsFinite(number) && !(number == 0 && double.IsNegative(number));
        return plain ? YamlNumbers.Format(number) : written;
    }

    private void WriteScalar(ConfigScalar scalar, int blockIndent)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Null:
                _text.Append("null\n");
                return;
            case ScalarKind.Boolean:
                _text.Append(scalar.AsBoolean == true ? "true\n" : "false\n");
                return;
            case ScalarKind.Number:
                _text.Append(NumberText(scalar.Value)).Append('\n');
                return;
        }

        var value = scalar.Value;
        if (IsPlainSafe(value, ignoreTyping: false)
            || (scalar.Tag is not null && value.Length > 0 && IsPlainSafe(value, ignoreTyping: true)))
        {
            // A tagged scalar is text whatever it looks like, so only YAML syntax needs quotes, not look-alike types.
            _text.Append(value).Append('\n');
        }
        else if (IsLiteralBlockSafe(value))
        {
            WriteLiteralBlock(value, blockIndent);
        }
        else
        {
            _text.Append(Quote(value)).Append('\n');
        }
    }

    private void WriteLiteralBlock(string value, int indent)
    {
        var body = value.TrimEnd('\n');
        var trailing = value.Length - body.Length;
        _text.Append(trailing switch { 0 => "|-", 1 => "|", _ => "|+" }).Append('\n');
        foreach (var line in (trailing > 1 ? value[..^1] : body).Split('\n'))
        {
            if (line.Length > 0)
            {
                _text.Append(' ', indent).Append(line);
            }

            _text.Append('\n');
        }
    }

    private void AppendTag(ConfigNode node, bool leadingSpace, bool trailingSpace = false)
    {
        if (node.Tag is null)
        {
            return;
        }

        if (leadingSpace)
        {
            _text.Append(' ');
        }

        _text.Append(node.Tag);
        if (trailingSpace)
        {
            _text.Append(' ');
        }
    }

    private bool IsMasked(string path) => masked is not null && path.Length > 0 && masked.Contains(path);

    private static bool IsEmpty(ConfigNode node) =>
        node is ConfigMapping { Count: 0 } or ConfigSequence { Items.Count: 0 };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Key(string key) => key != "<<" && IsPlainSafe(key, ignoreTyping: false) ? key : Quote(key);

    /// <summary>Whether text can be written without quotes and read back as the same text.</summary>
    private static bool IsPlainSafe(string value, bool ignoreTyping)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        if (!ignoreTyping && (YamlLoader.PlainKind(value) != ScalarKind.Text || LooksTyped().IsMatch(value)))
        {
            return false;
        }

        if (",[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal)
            || ("-?:".Contains(value[0], StringComparison.Ordinal) && (value.Length == 1 || value[1] == ' ')))
        {
            return false;
        }

        return !value.Contains(": ", StringComparison.Ordinal)
            && !value.Contains(" #", StringComparison.Ordinal)
            && !value.EndsWith(':')
            && value.All(c => !char.IsControl(c));
    }

    private static bool IsLiteralBlockSafe(string value) =>
        value.Contains('\n', StringComparison.Ordinal)
        && value[0] is not (' ' or '\n')
        && value.All(c => c is '\n' or '\t' || !char.IsControl(c))
        && value.Split('\n').All(line => line.Length == 0 || !char.IsWhiteSpace(line[^1]));

    private static string Quote(string value)
    {
        if (value.All(c => !char.IsControl(c)))
        {
            return $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>Text other YAML readers (YAML 1.1) would take as a boolean, null or date.</summary>
    [GeneratedRegex(@"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|\d{4}-\d\d?-\d\d?.*|[-+]?\.?\d.*)$")]
    private static partial Regex LooksTyped();
}
