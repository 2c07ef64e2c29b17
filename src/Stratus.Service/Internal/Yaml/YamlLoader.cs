using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Stratus.Service.Internal.Tree;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Stratus.Service.Internal.Yaml;

/// <summary>
/// Reads YAML into the working tree with a position on every node. It walks YamlDotNet's parser events itself
/// rather than using YamlStream, so it can report every duplicate key (YamlStream stops at the first), apply merge
/// keys, and keep CloudFormation short-form tags.
/// </summary>
internal sealed class YamlLoader
{
    /// <summary>
    /// Alias expansion can blow a small file up exponentially; past this many nodes the file is refused.
    /// </summary>
    private const int MaxNodes = 1_000_000;

    private readonly string _file;
    private readonly string[] _lines;
    private readonly List<ConfigError> _errors;
    private readonly Dictionary<string, MNode> _anchors = new(StringComparer.Ordinal);
    private readonly List<(string Name, Mark At)> _openAnchors = [];
    private Mark _lastMark = Mark.Empty;
    private int _nodeCount;

    private YamlLoader(string text, string file, List<ConfigError> errors)
    {
        _file = file;
        _lines = SourceFiles.SplitLines(text);
        _errors = errors;
    }

    /// <summary>
    /// Loads one YAML document. Returns null when the text cannot be read at all (the reason is in
    /// <paramref name="errors"/>); an empty document loads as a null scalar. Errors that do not stop reading, such as
    /// duplicate keys, are added to <paramref name="errors"/> and loading goes on. With
    /// <paramref name="expandShortForms"/>, <c>!Ref X</c> becomes <c>{Ref: X}</c> and the like, as the framework does.
    /// </summary>
    public static MNode? Load(string text, string file, List<ConfigError> errors, bool expandShortForms)
    {
        var loader = new YamlLoader(text, file, errors);
        var root = loader.Read(text);
        return root is not null && expandShortForms ? ShortFormExpander.Expand(root, file, errors) : root;
    }

    [SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "YamlDotNet throws InvalidOperationException and others on some malformed input; " +
            "every failure to read user YAML must become a located error, never a crash.")]
    private MNode? Read(string text)
    {
        // Limitation: a YAML syntax error stops the parser, so only the first syntax error of a file is
        // reported (duplicate keys, unknown tags and anchors are all collected).
        var parser = new Parser(new StringReader(text));
        try
        {
            return ReadStream(parser);
        }
        catch (YamlException error)
        {
            _errors.Add(YamlErrorTranslator.Translate(error, _file, _lines));
        }
        catch (LoadAbortedException)
        {
            // The reason was added to the errors where loading stopped.
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            _errors.Add(YamlErrorTranslator.Unreadable(_lastMark, _file, _lines));
        }

        return null;
    }

    private MNode? ReadStream(Parser parser)
    {
        Consume<StreamStart>(parser);
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return new MScalar(Span(_lastMark, _lastMark), ScalarKind.Null, string.Empty);
        }

        Consume<DocumentStart>(parser);
        var root = ReadNode(parser);
        Consume<DocumentEnd>(parser);
        if (parser.Accept<DocumentStart>(out var second))
        {
            _errors.Add(new ConfigError(
                ConfigErrorCodes.YamlMultipleDocuments,
                Span(second.Start, second.End),
                "the file holds a second YAML document after '---'.",
                "keep one document per file: remove the '---' line and what follows, or move it to its own file."));
            return null;
        }

        return root;
    }

    private T Consume<T>(Parser parser)
        where T : ParsingEvent
    {
        var parsingEvent = parser.Consume<T>();
        _lastMark = parsingEvent.End;
        return parsingEvent;
    }

    private MNode ReadNode(Parser parser)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            _lastMark = alias.End;
            return ReadAlias(alias);
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            _lastMark = scalar.End;
            return Anchor(scalar.Anchor, ReadScalar(scalar));
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            _lastMark = sequenceStart.End;
            OpenAnchor(sequenceStart.Anchor, sequenceStart.Start);
            return Anchor(sequenceStart.Anchor, ReadSequence(parser, sequenceStart));
        }

        var mappingStart = Consume<MappingStart>(parser);
        OpenAnchor(mappingStart.Anchor, mappingStart.Start);
        return Anchor(mappingStart.Anchor, ReadMapping(parser, mappingStart));
    }

    /// <summary>
    /// An anchored list or mapping is open until its end: an alias to it from inside would make it contain itself.
    /// </summary>
    private void OpenAnchor(AnchorName anchor, Mark at)
    {
        if (!anchor.IsEmpty)
        {
            _openAnchors.Add((anchor.Value, at));
        }
    }

    private MNode ReadAlias(AnchorAlias alias)
    {
        var open = _openAnchors.FindLastIndex(anchor => anchor.Name == alias.Value.Value);
        if (open >= 0)
        {
            _errors.Add(SelfAlias(alias, _openAnchors[open].At));
            return new MScalar(Span(alias.Start, alias.End), ScalarKind.Null, string.Empty);
        }

        if (_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            // Each use gets its own copy, so resolving variables in one place cannot change another.
            var copy = anchored.Clone();
            Count(CountNodes(copy), alias.Start);
            return copy;
        }

        _errors.Add(new ConfigError(
            ConfigErrorCodes.YamlUnknownAnchor,
            Span(alias.Start, alias.End),
            $"the alias '*{alias.Value.Value}' names no anchor defined above it.",
            $"define '&{alias.Value.Value}' on a value before this line, or correct the alias name."));
        return new MScalar(Span(alias.Start, alias.End), ScalarKind.Null, string.Empty);
    }

    private ConfigError SelfAlias(AnchorAlias alias, Mark anchoredAt)
    {
        var name = alias.Value.Value;
        var line = anchoredAt.Line.ToString(CultureInfo.InvariantCulture);
        return new ConfigError(
            ConfigErrorCodes.YamlAliasCycle,
            Span(alias.Start, alias.End),
            $"the alias '*{name}' sits inside the value anchored '&{name}' (line {line}) and refers to it, " +
            "so the value would contain itself without end.",
            $"move '*{name}' out of the value anchored '&{name}', or anchor a smaller part that does not hold it.");
    }

    private MNode Anchor(AnchorName anchor, MNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;

            // The newest anchor of a name wins, so an open list or mapping of that name is no longer what it names.
            _openAnchors.RemoveAll(entry => entry.Name == anchor.Value);
        }

        return node;
    }

    private MScalar ReadScalar(Scalar scalar)
    {
        Count(1, scalar.Start);
        var span = Span(scalar.Start, scalar.End);
        var style = scalar.Style switch
        {
            ScalarStyle.SingleQuoted => ConfigScalarStyle.SingleQuoted,
            ScalarStyle.DoubleQuoted => ConfigScalarStyle.DoubleQuoted,
            ScalarStyle.Literal => ConfigScalarStyle.Literal,
            ScalarStyle.Folded => ConfigScalarStyle.Folded,
            _ => ConfigScalarStyle.Plain,
        };
        // A block scalar ends at column 1 of the line after its last line.
        var endsOnNextLine = scalar.End.Column == 1 && scalar.End.Line > scalar.Start.Line;
        var endLine = (int)(endsOnNextLine ? scalar.End.Line - 1 : scalar.End.Line);

        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        var (kind, keptTag) = tag switch
        {
            null => (style == ConfigScalarStyle.Plain ? PlainKind(scalar.Value) : ScalarKind.Text, null),
            "!" => (ScalarKind.Text, null),
            _ => TaggedKind(tag, scalar.Value, span),
        };
        var text = scalar.Value;
        if (tag is null && kind == ScalarKind.Text && style == ConfigScalarStyle.Plain
            && YamlTimestamps.TryToIso(text, out var iso))
        {
            text = iso;
        }

        return new MScalar(span, kind, text, style, keptTag, endLine);
    }

    /// <summary>The type of an unquoted scalar, by the YAML 1.2 core schema as js-yaml applies it.</summary>
    /// <remarks>
    /// Unquoted dates are text here; <see cref="YamlTimestamps"/> rewrites them as the framework prints them.
    /// </remarks>
    public static ScalarKind PlainKind(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Boolean,
        _ when YamlNumbers.IsNumber(text) => ScalarKind.Number,
        _ => ScalarKind.Text,
    };

    private (ScalarKind Kind, string? Tag) TaggedKind(string tag, string value, SourceSpan span)
    {
        const string Standard = "tag:yaml.org,2002:";
        if (tag.StartsWith(Standard, StringComparison.Ordinal))
        {
            var expected = tag[Standard.Length..] switch
            {
                "int" or "float" => ScalarKind.Number,
                "bool" => ScalarKind.Boolean,
                "null" => ScalarKind.Null,
                _ => ScalarKind.Text,
            };
            if (expected != ScalarKind.Text && PlainKind(value) != expected)
            {
                _errors.Add(new ConfigError(
                    ConfigErrorCodes.YamlSyntax,
                    span,
                    $"the value '{value}' is tagged '!!{tag[Standard.Length..]}' but is not one.",
                    "remove the tag, or write a value of that type."));
                return (ScalarKind.Text, null);
            }

            return (expected, null);
        }

        if (IntrinsicFunctions.IsShortForm(tag) || tag == IntrinsicFunctions.MergeTag)
        {
            return (ScalarKind.Text, tag);
        }

        _errors.Add(UnknownTag(tag, span));
        return (ScalarKind.Text, null);
    }

    private MSequence ReadSequence(Parser parser, SequenceStart start)
    {
        Count(1, start.Start);
        var sequence = new MSequence(Span(start.Start, start.End), CollectionTag(start.Tag, start.Start, start.End));
        while (!parser.TryConsume<SequenceEnd>(out _))
        {
            sequence.Items.Add(ReadNode(parser));
        }

        return sequence;
    }

    private MMapping ReadMapping(Parser parser, MappingStart start)
    {
        Count(1, start.Start);
        var mapping = new MMapping(Span(start.Start, start.End), CollectionTag(start.Tag, start.Start, start.End));
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(parser);
            var value = ReadNode(parser);
            AddPair(mapping, key, value);
        }

        return mapping;
    }

    private string? CollectionTag(TagName tagName, Mark start, Mark end)
    {
        if (tagName.IsEmpty
            || tagName.Value == "!"
            || tagName.Value.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal))
        {
            return null;
        }

        var tag = tagName.Value;
        if (IntrinsicFunctions.IsShortForm(tag) || tag == IntrinsicFunctions.MergeTag)
        {
            return tag;
        }

        _errors.Add(UnknownTag(tag, Span(start, end)));
        return null;
    }

    private void AddPair(MMapping mapping, MNode key, MNode value)
    {
        if (key is not MScalar keyScalar)
        {
            _errors.Add(new ConfigError(
                ConfigErrorCodes.YamlSyntax,
                key.At,
                "a mapping key is itself a list or a mapping.",
                "use a plain text key."));
            return;
        }

        // js-yaml reads a plain key as a value and JavaScript then uses String(value) as the key: 'True:' is the
        // key 'true', '1.50:' is '1.5', '~:' is 'null'.
        var keyText = keyScalar.Kind switch
        {
            ScalarKind.Null => "null",
            ScalarKind.Boolean => keyScalar.Text.ToLowerInvariant(),
            ScalarKind.Number => YamlNumbers.ToDisplay(keyScalar.Text),
            _ => keyScalar.Text,
        };
        if (keyText == "<<" && keyScalar.Style == ConfigScalarStyle.Plain && keyScalar.Tag is null)
        {
            Merge(mapping, value, keyScalar.At);
            return;
        }

        var existing = mapping.IndexOf(keyText);
        if (existing < 0)
        {
            mapping.Add(new MEntry(keyText, keyScalar.At, value));
        }
        else if (mapping.Entries[existing].FromMerge)
        {
            mapping.Entries[existing] = new MEntry(keyText, keyScalar.At, value);
        }
        else
        {
            _errors.Add(DuplicateKey(keyText, keyScalar.At, mapping.Entries[existing].KeyAt));
        }
    }

    private void Merge(MMapping mapping, MNode value, SourceSpan at)
    {
        var sources = value switch
        {
            MMapping single => [single],
            MSequence list when list.Items.All(item => item is MMapping) => list.Items.Cast<MMapping>().ToList(),
            _ => null,
        };
        if (sources is null)
        {
            _errors.Add(new ConfigError(
                ConfigErrorCodes.YamlInvalidMerge,
                at,
                "the merge key '<<' is given something other than a mapping or a list of mappings.",
                "merge an anchored mapping ('<<: *defaults') or a list of them ('<<: [*a, *b]')."));
            return;
        }

        foreach (var entry in sources.SelectMany(source => source.Entries))
        {
            if (mapping.IndexOf(entry.Key) < 0)
            {
                mapping.Add(new MEntry(entry.Key, entry.KeyAt, entry.Value.Clone()) { FromMerge = true });
            }
        }
    }

    private static ConfigError DuplicateKey(string key, SourceSpan at, SourceSpan first) => new(
        ConfigErrorCodes.YamlDuplicateKey,
        at with { Length = Math.Max(1, key.Length) },
        $"the key '{key}' appears twice in the same mapping " +
        $"(first on line {first.Line.ToString(CultureInfo.InvariantCulture)}).",
        "remove one of the two keys, or merge their values under one key.");

    private static ConfigError UnknownTag(string tag, SourceSpan at) => new(
        ConfigErrorCodes.YamlUnknownTag,
        at with { Length = Math.Max(1, tag.Length) },
        $"the tag '{tag}' is neither a standard YAML tag nor a CloudFormation short form.",
        "use one of !Ref, !GetAtt, !Sub, !Join, !If, !Equals, !Select, !Split, !FindInMap, !ImportValue, !Base64, " +
        "!GetAZs, !Condition, !Not, !And, !Or, !Cidr, or quote the value if the '!' is text.");

    private void Count(int nodes, Mark at)
    {
        _nodeCount += nodes;
        if (_nodeCount <= MaxNodes)
        {
            return;
        }

        _errors.Add(new ConfigError(
            ConfigErrorCodes.DocumentTooLarge,
            Span(at, at),
            $"aliases expand the document past {MaxNodes.ToString(CultureInfo.InvariantCulture)} values.",
            "use fewer nested aliases; each alias copies the whole anchored value."));
        throw new LoadAbortedException();
    }

    private static int CountNodes(MNode node) => node switch
    {
        MMapping mapping => 1 + mapping.Entries.Sum(entry => CountNodes(entry.Value)),
        MSequence sequence => 1 + sequence.Items.Sum(CountNodes),
        _ => 1,
    };

    private SourceSpan Span(Mark start, Mark end)
    {
        var line = (int)Math.Max(1, start.Line);
        var column = (int)Math.Max(1, start.Column);
        var lineLength = line <= _lines.Length ? _lines[line - 1].Length : 0;
        var length = end.Line == start.Line ? (int)(end.Column - start.Column) : lineLength - column + 1;
        return new SourceSpan(_file, line, column, Math.Max(1, length));
    }

    private sealed class LoadAbortedException : Exception;
}
