using System.Globalization;
using System.Text;
using System.Text.Json;
using Stratus.Service.Internal.Tree;

namespace Stratus.Service.Internal.Json;

/// <summary>
/// Reads a JSON file (or .tfstate) into the working tree, with the position of every value.
/// </summary>
internal sealed class JsonLoader
{
    /// <summary>
    /// How deep lists and objects may nest. JSON.parse takes thousands of levels; the reader's default of 64 would
    /// refuse a deep but valid file, and this is far past any service's while the recursion stays well inside the
    /// stack.
    /// </summary>
    private const int MaxDepth = 1000;

    private readonly string _file;
    private readonly byte[] _bytes;
    private readonly List<int> _lineStarts = [0];
    private readonly List<ConfigError> _stringErrors = [];

    private JsonLoader(string text, string file)
    {
        _file = file;
        _bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < _bytes.Length; i++)
        {
            if (_bytes[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>
    /// Loads JSON as JSON.parse does (a repeated key keeps its last value, no comments, no trailing commas, no empty
    /// text); null when the text is invalid, with one located error that says what to change.
    /// </summary>
    public static MNode? Load(string text, string file, List<ConfigError> errors)
    {
        var loader = new JsonLoader(text, file);
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth };
        var reader = new Utf8JsonReader(loader._bytes, options);
        try
        {
            // An empty text throws here: JSON.parse refuses it too.
            reader.Read();
            var root = loader.ReadValue(ref reader);
            if (reader.Read())
            {
                throw new JsonException("There is text after the end of the JSON value.");
            }

            errors.AddRange(loader._stringErrors);
            return loader._stringErrors.Count == 0 ? root : null;
        }
        catch (JsonException error)
        {
            errors.Add(loader.SyntaxError(error));
            return null;
        }
    }

    /// <summary>
    /// The reader's complaint at its place (converted from bytes to characters), worded for the file's author, with
    /// the fix for the usual slips: comments, trailing commas, single quotes, unquoted names, a file cut short.
    /// </summary>
    private ConfigError SyntaxError(JsonException error)
    {
        var line = (int)Math.Clamp(error.LineNumber ?? 0, 0, _lineStarts.Count - 1);
        var offset = Math.Min(_lineStarts[line] + (int)(error.BytePositionInLine ?? 0), _bytes.Length);
        var reason = Reason(error);
        var (what, fix) = Explain(offset, reason);

        // The reader stops at the bracket after a trailing comma; the caret goes under the comma to remove.
        var at = reason.Contains("trailing comma", StringComparison.Ordinal) ? PreviousComma(offset) : offset;
        return new ConfigError(
            ConfigErrorCodes.JsonSyntax,
            Span(at, 1),
            $"the JSON cannot be read here: {what}.",
            fix);
    }

    private (string What, string Fix) Explain(int offset, string reason) => NextText(offset) switch
    {
        "" when NextText(0).Length == 0 => (
            "the file is empty, and JSON.parse refuses an empty text",
            "write one JSON value in it, such as an object: {\"name\": \"value\"}."),
        "" => ("the text ends before the JSON value does", "close every '{' with '}' and every '[' with ']'."),
        "//" or "/*" => (
            "this is a comment, which JSON does not allow",
            "remove the comment; a service file that needs comments can be written as YAML (serverless.yml)."),
        ['\'', ..] => (reason, "write names and text in double quotes (\"name\"), as JSON requires."),
        _ when reason.Contains("maximum configured depth", StringComparison.Ordinal) => (
            $"lists and objects nest here more than {MaxDepth} levels deep, more than Stratus reads",
            "nest fewer lists and objects; a deep structure can move to a file of its own, read with ${file(...)}."),
        _ when reason.Contains("trailing comma", StringComparison.Ordinal) =>
            (reason, "remove the comma after the last item."),
        _ when reason.Contains("start of a property name", StringComparison.Ordinal) =>
            (reason, "write every name in double quotes (\"name\": value), as JSON requires."),
        _ when reason.Contains("invalid start of a value", StringComparison.Ordinal) => (
            reason,
            "start a value with '{', '[', '\"', a digit, true, false or null; text goes in double quotes, and a " +
            "file written in YAML needs the .yml extension."),
        _ => (reason, "fix the JSON syntax (names in double quotes, commas between items, none after the last)."),
    };

    /// <summary>The comma that white space separates from <paramref name="offset"/>; the offset when none.</summary>
    private int PreviousComma(int offset)
    {
        var i = offset - 1;
        while (i >= 0 && IsJsonSpace(_bytes[i]))
        {
            i--;
        }

        return i >= 0 && _bytes[i] == (byte)',' ? i : offset;
    }

    /// <summary>The two characters that start at a byte offset, after any white space; empty at the end.</summary>
    private string NextText(int offset)
    {
        while (offset < _bytes.Length && IsJsonSpace(_bytes[offset]))
        {
            offset++;
        }

        return Encoding.UTF8.GetString(_bytes, offset, Math.Min(2, _bytes.Length - offset));
    }

    private static bool IsJsonSpace(byte value) => value is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>
    /// The reader's message without its position (the error has one) and without its advice to change reader
    /// options, which is about .NET's settings and not something a user of the file can do.
    /// </summary>
    private static string Reason(JsonException error)
    {
        var reason = error.Message
            .Split(" LineNumber:")[0]
            .Replace(" Change the reader options.", string.Empty, StringComparison.Ordinal)
            .Replace(" which is not supported in this mode", ", which JSON does not allow", StringComparison.Ordinal)
            .TrimEnd('.');
        return reason.StartsWith("The ", StringComparison.Ordinal) ? "the " + reason[4..] : reason;
    }

    private MNode ReadValue(ref Utf8JsonReader reader)
    {
        // A string's token starts at its opening quote, and its value lies between the quotes.
        var quotes = reader.TokenType == JsonTokenType.String ? 2 : 0;
        var at = Span(reader.TokenStartIndex, reader.ValueSpan.Length + quotes);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ReadObject(ref reader, at);
            case JsonTokenType.StartArray:
                var array = new MSequence(at);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Items.Add(ReadValue(ref reader));
                }

                return array;
            case JsonTokenType.String:
                var text = Text(ref reader);
                return new MScalar(at, ScalarKind.Text, text, ConfigScalarStyle.DoubleQuoted);
            case JsonTokenType.Number:
                return new MScalar(at, ScalarKind.Number, Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new MScalar(at, ScalarKind.Boolean, reader.GetBoolean() ? "true" : "false");
            default:
                return new MScalar(at, ScalarKind.Null, "null");
        }
    }

    private MMapping ReadObject(ref Utf8JsonReader reader, SourceSpan at)
    {
        var mapping = new MMapping(at);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var keyAt = Span(reader.TokenStartIndex, reader.ValueSpan.Length + 2);
            var key = Text(ref reader);
            reader.Read();
            var value = ReadValue(ref reader);
            var existing = mapping.IndexOf(key);
            if (existing >= 0)
            {
                mapping.Entries[existing].Value = value;
            }
            else
            {
                mapping.Add(new MEntry(key, keyAt, value));
            }
        }

        return mapping;
    }

    /// <summary>
    /// A string's text. JSON.parse keeps a lone surrogate escape ('\ud800' without its pair), but it is no Unicode
    /// character: .NET's reader refuses it, UTF-8 (a template, an environment variable) cannot carry it, and the YAML
    /// reader refuses the same escape (STR1015). So it is STR1015 here too, at the escape, and reading goes on to
    /// find every such escape.
    /// </summary>
    private string Text(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped && LoneSurrogate(reader.ValueSpan) is { } escape)
        {
            var at = reader.TokenStartIndex + 1 + escape;
            var shown = Encoding.UTF8.GetString(_bytes, (int)at, 6);
            _stringErrors.Add(new ConfigError(
                ConfigErrorCodes.YamlBadEscape,
                Span(at, 6),
                $"the escape '{shown}' is half of a UTF-16 surrogate pair without its other half, so it is not a " +
                "Unicode character; JSON.parse keeps it, but no UTF-8 text (a template, an environment variable) " +
                "can hold it.",
                "write the character itself, or both halves of its pair (such as '\\ud83d\\ude00' for an emoji); " +
                $"to keep the backslash as text, write it twice ('\\{shown}')."));
            return string.Empty;
        }

        return reader.GetString() ?? string.Empty;
    }

    /// <summary>The byte offset in a string's escaped value of its first lone surrogate escape, or null.</summary>
    private static int? LoneSurrogate(ReadOnlySpan<byte> value)
    {
        for (var i = 0; i < value.Length - 1; i++)
        {
            if (value[i] != (byte)'\\')
            {
                continue;
            }

            if (value[i + 1] != (byte)'u')
            {
                i++;
                continue;
            }

            var code = Hex(value.Slice(i + 2, 4));
            if (code is >= 0xD800 and <= 0xDBFF && i + 12 <= value.Length && value[i + 6] == (byte)'\\'
                && value[i + 7] == (byte)'u' && Hex(value.Slice(i + 8, 4)) is >= 0xDC00 and <= 0xDFFF)
            {
                i += 11;
                continue;
            }

            if (code is >= 0xD800 and <= 0xDFFF)
            {
                return i;
            }

            i += 5;
        }

        return null;
    }

    // The reader has already checked that a \u escape has four hexadecimal digits.
    private static int Hex(ReadOnlySpan<byte> digits) =>
        int.Parse(Encoding.ASCII.GetString(digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>
    /// The span of the bytes from <paramref name="offset"/>, with its column and length counted in characters, as
    /// the YAML reader and every error's caret count them.
    /// </summary>
    private SourceSpan Span(long offset, int byteLength)
    {
        var at = (int)offset;
        var line = _lineStarts.BinarySearch(at);
        line = line >= 0 ? line : ~line - 1;
        var column = Encoding.UTF8.GetCharCount(_bytes, _lineStarts[line], at - _lineStarts[line]) + 1;
        var length = Encoding.UTF8.GetCharCount(_bytes, at, Math.Min(byteLength, _bytes.Length - at));
        return new SourceSpan(_file, line + 1, column, Math.Max(1, length));
    }
}
