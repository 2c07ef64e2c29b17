using System.Text;
using System.Text.Json;
using Stratus.Service.Internal.Tree;

namespace Stratus.Service.Internal.Json;

/// <summary>
/// Reads a JSON file (or .tfstate) into the working tree, with the position of every value.
/// </summary>
internal sealed class JsonLoader
{
    private readonly string _file;
    private readonly byte[] _bytes;
    private readonly List<int> _lineStarts = [0];

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
    /// Loads JSON as JSON.parse does (a repeated key keeps its last value); null when the text is invalid.
    /// </summary>
    public static MNode? Load(string text, string file, List<ConfigError> errors)
    {
        var loader = new JsonLoader(text, file);
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow };
        var reader = new Utf8JsonReader(loader._bytes, options);
        try
        {
            if (!reader.Read())
            {
                return new MScalar(new SourceSpan(file, 1, 1, 1), ScalarKind.Null, string.Empty);
            }

            var root = loader.ReadValue(ref reader);
            return reader.Read() ? throw new JsonException("There is text after the end of the JSON value.") : root;
        }
        catch (JsonException error)
        {
            var line = (int)(error.LineNumber ?? 0) + 1;
            var column = (int)(error.BytePositionInLine ?? 0) + 1;
            errors.Add(new ConfigError(
                ConfigErrorCodes.JsonSyntax,
                new SourceSpan(file, line, column, 1),
                $"the JSON cannot be read here: {Reason(error)}.",
                "fix the JSON syntax (quoted keys, commas between items, no trailing comma, no comments)."));
            return null;
        }
    }

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
        var at = Span(reader.TokenStartIndex, reader.ValueSpan.Length);
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
                var text = reader.GetString() ?? string.Empty;
                var quoted = at with { Length = at.Length + 2 };
                return new MScalar(quoted, ScalarKind.Text, text, ConfigScalarStyle.DoubleQuoted);
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
            var key = reader.GetString() ?? string.Empty;
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

    private SourceSpan Span(long offset, int length)
    {
        var line = _lineStarts.BinarySearch((int)offset);
        line = line >= 0 ? line : ~line - 1;
        var column = (int)offset - _lineStarts[line] + 1;
        return new SourceSpan(_file, line + 1, column, Math.Max(1, length));
    }
}
