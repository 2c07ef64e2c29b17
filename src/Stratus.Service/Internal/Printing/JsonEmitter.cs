using System.Globalization;
using System.Text;

namespace Stratus.Service.Internal.Printing;

/// <summary>
/// Writes a node as JSON: numbers, booleans and null as JSON types, short-form tags in long form. Indented output
/// is laid out as <c>JSON.stringify(value, null, 2)</c> lays it out.
/// </summary>
/// <remarks>
/// The layout is written here rather than by an indented Utf8JsonWriter because numbers must keep JavaScript's
/// formatting (<c>1e+21</c>), which only WriteRawValue can write, and an indented writer puts no line break or
/// indentation before a raw value. Strings still go through the writer's encoder, so escaping is unchanged.
/// </remarks>
internal static class JsonEmitter
{
    private const int IndentSize = 2;

    public static string Emit(ConfigNode node, IReadOnlySet<string>? masked, bool indented)
    {
        var json = new StringBuilder();
        new Writer(json, masked, indented).Write(node, string.Empty, 0);
        return json.ToString();
    }

    private sealed class Writer(StringBuilder json, IReadOnlySet<string>? masked, bool indented)
    {
        public void Write(ConfigNode node, string path, int depth)
        {
            if (masked is not null && path.Length > 0 && masked.Contains(path))
            {
                WriteString("***");
                return;
            }

            if (node.Tag is not null)
            {
                WriteLongForm(node, path, depth);
                return;
            }

            switch (node)
            {
                case ConfigMapping mapping:
                    WriteObject(mapping, path, depth);
                    break;
                case ConfigSequence sequence:
                    WriteArray(sequence, path, depth);
                    break;
                case ConfigScalar scalar:
                    WriteScalar(scalar);
                    break;
            }
        }

        private void WriteObject(ConfigMapping mapping, string path, int depth)
        {
            json.Append('{');
            for (var i = 0; i < mapping.Entries.Count; i++)
            {
                var entry = mapping.Entries[i];
                StartItem(i, depth + 1);
                WriteString(entry.Key);
                json.Append(indented ? ": " : ":");
                Write(entry.Value, Join(path, entry.Key), depth + 1);
            }

            EndContainer(mapping.Entries.Count, depth, '}');
        }

        private void WriteArray(ConfigSequence sequence, string path, int depth)
        {
            json.Append('[');
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                StartItem(i, depth + 1);
                Write(sequence.Items[i], Join(path, i.ToString(CultureInfo.InvariantCulture)), depth + 1);
            }

            EndContainer(sequence.Items.Count, depth, ']');
        }

        private void StartItem(int index, int depth)
        {
            if (index > 0)
            {
                json.Append(',');
            }

            NewLine(depth);
        }

        /// <summary>An empty object or array stays on one line ('{}', '[]'), as JSON.stringify writes it.</summary>
        private void EndContainer(int count, int depth, char closing)
        {
            if (count > 0)
            {
                NewLine(depth);
            }

            json.Append(closing);
        }

        private void NewLine(int depth)
        {
            if (indented)
            {
                json.Append('\n').Append(' ', depth * IndentSize);
            }
        }

        private void WriteScalar(ConfigScalar scalar)
        {
            var number = scalar.Kind == ScalarKind.Number ? scalar.ToJsonNumber() : null;
            var literal = scalar.Kind switch
            {
                ScalarKind.Null => "null",
                ScalarKind.Boolean => scalar.AsBoolean == true ? "true" : "false",
                ScalarKind.Number => number,
                _ => null,
            };
            if (literal is null)
            {
                WriteString(scalar.Value);
                return;
            }

            json.Append(literal);
        }

        /// <summary>
        /// Writes a string as JSON.stringify does (ECMA-262 QuoteJSONString): the quote, the backslash and control
        /// characters escaped, and a lone surrogate as \uXXXX; every other character as it is, emoji and U+2028
        /// included, where .NET's encoders escape characters outside the Basic Multilingual Plane.
        /// </summary>
        private void WriteString(string text)
        {
            json.Append('"');
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (ShortEscape(c) is { } escape)
                {
                    json.Append(escape);
                }
                else if (c < ' ' || IsLoneSurrogate(text, i))
                {
                    json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                }
                else
                {
                    json.Append(c);
                }
            }

            json.Append('"');
        }

        private static string? ShortEscape(char c) => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ => null,
        };

        private static bool IsLoneSurrogate(string text, int i) => char.IsHighSurrogate(text[i])
            ? i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])
            : char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));

        /// <summary>
        /// A node still carrying a short-form tag (a tree read without expansion) is written in long form.
        /// </summary>
        private void WriteLongForm(ConfigNode node, string path, int depth)
        {
            var expanded = ServicePrinter.ExpandShortForms(node);

            // An unknown tag cannot be expanded; the value is written without it.
            Write(expanded.Tag is null ? expanded : expanded with { Tag = null }, path, depth);
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
    }
}
