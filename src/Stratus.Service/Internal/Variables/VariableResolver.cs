using System.Globalization;
using System.Text;
using Stratus.Service.Internal.Tree;

namespace Stratus.Service.Internal.Variables;

/// <summary>
/// Resolves every variable of a document in place, with the Serverless Framework v3 semantics: fallbacks left to
/// right, typed literals, nested references, interpolation, a whole-value reference keeping the referenced type,
/// null meaning "not found", values produced by variables resolved again, and cycles reported with their chain.
/// Properties are resolved on demand (a reference resolves what it points at first) and each value is parsed once.
/// </summary>
internal sealed partial class VariableResolver
{
    /// <summary>The framework stops feeding produced values back into resolution after ten rounds.</summary>
    private const int MaxNestDepth = 10;

    /// <summary>
    /// Bounds the recursion of reference chains (a → b → c ...); real services stay far below it.
    /// </summary>
    private const int MaxChainDepth = 100;

    /// <summary>
    /// Bounds text built by interpolation: references that repeat a value ten times, nested a few levels, would
    /// otherwise grow one string until memory runs out.
    /// </summary>
    internal const int MaxInterpolatedLength = 1_048_576;

    private readonly MMapping _root;
    private readonly ResolverSettings _settings;
    private readonly List<Frame> _frames = [];
    private readonly HashSet<string> _secretPaths = new(StringComparer.Ordinal);
    private readonly HashSet<(string File, int Line, int Column)> _placeholders = [];
    private bool _stageReported;
    private bool _sawEncrypted;

    public VariableResolver(MMapping root, ResolverSettings settings)
    {
        _root = root;
        _settings = settings;
    }

    public ResolutionStats Stats { get; } = new();

    public IReadOnlySet<string> SecretPaths => _secretPaths;

    /// <summary>The values secret sources returned, to be masked in every error about this configuration.</summary>
    public SecretRedaction Secrets { get; } = new();

    /// <summary>
    /// Where values that hold a stand-in (print's <c>***</c>) were written: the resolved value keeps its host's
    /// position, so an error of a setting's checks located there judges the stand-in, not the real value.
    /// </summary>
    public IReadOnlySet<(string File, int Line, int Column)> Placeholders => _placeholders;

    private List<ConfigError> Errors => _settings.Errors;

    public async ValueTask ResolveAllAsync(CancellationToken cancellationToken) =>
        await WalkAsync(_root, string.Empty, cancellationToken);

    /// <summary>One setting resolved, and what it points at; null when absent or when it failed.</summary>
    public async ValueTask<MNode?> ResolveSettingAsync(string[] keys, CancellationToken cancellationToken)
    {
        var outcome = await ResolvePathAsync(_root, keys, string.Empty, true, cancellationToken);
        return outcome.IsFound ? outcome.Value : null;
    }

    /// <summary>The stage, as ${sls:stage} resolves it; null when provider.stage failed to resolve.</summary>
    public ValueTask<string?> ResolveStageAsync(CancellationToken cancellationToken) => StageAsync(cancellationToken);

    /// <summary>Resolves every variable below a container; false when any of them failed.</summary>
    private async ValueTask<bool> WalkAsync(MNode node, string path, CancellationToken cancellationToken)
    {
        switch (node)
        {
            case MMapping mapping when mapping.Walk is not (WalkState.Resolved or WalkState.Failed):
                Stats.ContainerWalks++;
                mapping.Walk = WalkState.Walking;
                var mappingOk = true;
                for (var i = 0; i < mapping.Entries.Count; i++)
                {
                    var childPath = Join(path, mapping.Entries[i].Key);
                    mappingOk &= await ResolveChildAsync(mapping, i, childPath, cancellationToken);
                }

                mapping.Walk = mappingOk ? WalkState.Resolved : WalkState.Failed;
                return mappingOk;
            case MSequence sequence when sequence.Walk is not (WalkState.Resolved or WalkState.Failed):
                Stats.ContainerWalks++;
                sequence.Walk = WalkState.Walking;
                var sequenceOk = true;
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    sequenceOk &= await ResolveChildAsync(sequence, i, Join(path, Index(i)), cancellationToken);
                }

                sequence.Walk = sequenceOk ? WalkState.Resolved : WalkState.Failed;
                return sequenceOk;
            case MMapping done:
                return done.Walk == WalkState.Resolved;
            case MSequence done:
                return done.Walk == WalkState.Resolved;
            default:
                return true;
        }
    }

    private async ValueTask<bool> ResolveChildAsync(
        MNode container,
        int index,
        string path,
        CancellationToken cancellationToken)
    {
        if (Child(container, index) is MScalar && !await ResolveSlotAsync(container, index, path, cancellationToken))
        {
            return false;
        }

        return await WalkAsync(Child(container, index), path, cancellationToken);
    }

    /// <summary>
    /// Resolves the scalar at one slot of a container and puts its value there. False when it failed; a cycle is
    /// reported here, at the variable that closed it.
    /// </summary>
    private async ValueTask<bool> ResolveSlotAsync(
        MNode container,
        int index,
        string path,
        CancellationToken cancellationToken)
    {
        if (Child(container, index) is not MScalar scalar)
        {
            return true;
        }

        if (scalar.State == ResolveState.Unparsed)
        {
            Parse(scalar);
        }

        switch (scalar.State)
        {
            case ResolveState.Final:
                return true;
            case ResolveState.Failed:
                return false;
            case ResolveState.Resolving:
                ReportCycle(path);
                return false;
        }

        if (!CheckDepth(scalar))
        {
            return false;
        }

        scalar.State = ResolveState.Resolving;
        _frames.Add(new Frame(path, scalar));
        var value = await EvaluatePropertyAsync(scalar, scalar.Parsed!, path, cancellationToken);
        _frames.RemoveAt(_frames.Count - 1);

        if (value is null)
        {
            scalar.State = ResolveState.Failed;
            return false;
        }

        SetChild(container, index, value);
        return value is not MScalar { State: ResolveState.Unparsed }
            || await ResolveSlotAsync(container, index, path, cancellationToken);
    }

    private void Parse(MScalar scalar)
    {
        Stats.Parses++;
        try
        {
            scalar.Parsed = VariableParser.Parse(scalar.Text);
            scalar.State = scalar.Parsed is null ? ResolveState.Final : ResolveState.Pending;
        }
        catch (VariableSyntaxException error)
        {
            scalar.State = ResolveState.Failed;
            Errors.Add(SyntaxError(scalar, error));
        }
    }

    private bool CheckDepth(MScalar scalar)
    {
        if (scalar.NestDepth > MaxNestDepth)
        {
            scalar.State = ResolveState.Failed;
            Errors.Add(new ConfigError(
                ConfigErrorCodes.VariableNestTooDeep,
                scalar.At,
                $"resolving '{Shorten(scalar.Text)}' keeps producing new variables after " +
                $"{MaxNestDepth.ToString(CultureInfo.InvariantCulture)} rounds.",
                "make sure the values that variables point at do not point back at themselves."));
            return false;
        }

        if (_frames.Count >= MaxChainDepth)
        {
            scalar.State = ResolveState.Failed;
            Errors.Add(new ConfigError(
                ConfigErrorCodes.ReferenceChainTooDeep,
                scalar.At,
                $"'{Shorten(scalar.Text)}' is reached through a chain of more than " +
                $"{MaxChainDepth.ToString(CultureInfo.InvariantCulture)} references.",
                "shorten the chain: point the variable at the final value instead of at another reference."));
            return false;
        }

        return true;
    }

    /// <summary>
    /// Evaluates a property's value; a whole-value variable keeps its type, and produced text is parsed
    /// again.
    /// </summary>
    private async ValueTask<MNode?> EvaluatePropertyAsync(
        MScalar scalar,
        ParsedValue parsed,
        string path,
        CancellationToken cancellationToken)
    {
        if (!parsed.IsWholeVariable)
        {
            return await InterpolateAsync(scalar, parsed, path, cancellationToken);
        }

        var variable = parsed.Variables[0];
        var value = await EvaluateVariableAsync(variable, parsed.Text, scalar, path, cancellationToken);
        return value switch
        {
            null => null,

            // The framework parses a produced string again, so '${env:X}' holding '${self:y}' resolves that too.
            MScalar { Kind: ScalarKind.Text } text => new MScalar(scalar.At, ScalarKind.Text, text.Text)
            {
                NestDepth = scalar.NestDepth + 1,
                IsEncrypted = text.IsEncrypted,
                SecretVariable = text.IsEncrypted ? parsed.Text[variable.Start..variable.End] : null,
                Includes = text.Includes,
            },
            MScalar other => new MScalar(scalar.At, other.Kind, other.Text, other.Style),
            MMapping mapping => Relocate(mapping, scalar.At),
            MSequence sequence => Relocate(sequence, scalar.At),
            _ => value,
        };
    }

    /// <summary>
    /// Joins text and variables into one string; such strings are not parsed again, so escapes hold.
    /// </summary>
    private async ValueTask<MNode?> InterpolateAsync(
        MScalar scalar,
        ParsedValue parsed,
        string path,
        CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var last = 0;
        foreach (var variable in parsed.Variables)
        {
            text.Append(parsed.Text, last, variable.Start - last);
            last = variable.End;
            if (variable.EscapeText is not null)
            {
                text.Append(variable.EscapeText);
                continue;
            }

            var value = await EvaluateVariableAsync(variable, parsed.Text, scalar, path, cancellationToken);
            if (value is null)
            {
                return null;
            }

            if (value is MScalar { IsEncrypted: true })
            {
                Errors.Add(EncryptedInTextError(scalar, parsed.Text[variable.Start..variable.End]));
                return null;
            }

            if (value is MScalar { Kind: ScalarKind.Text } produced && VariableParser.Parse(produced.Text) is not null)
            {
                // The framework resolves variables found in what a source returned, even inside longer text (its
                // resolveSourceValuesVariables); the text written around them is not parsed again.
                value = await ResolveProducedTextAsync(scalar, produced.Text, path, cancellationToken);
                if (value is null)
                {
                    return null;
                }
            }

            var piece = TextOf(value);
            if (piece is null)
            {
                Errors.Add(NonStringError(scalar, parsed.Text[variable.Start..variable.End], value));
                return null;
            }

            text.Append(piece);
            if (text.Length > MaxInterpolatedLength)
            {
                Errors.Add(new ConfigError(
                    ConfigErrorCodes.ResolvedValueTooLarge,
                    scalar.At,
                    $"'{Shorten(scalar.Text)}' builds text longer than " +
                    $"{MaxInterpolatedLength.ToString(CultureInfo.InvariantCulture)} characters.",
                    "reference the value once instead of joining references that repeat it."));
                return null;
            }
        }

        text.Append(parsed.Text, last, parsed.Text.Length - last);
        return new MScalar(scalar.At, ScalarKind.Text, text.ToString(), scalar.Style) { State = ResolveState.Final };
    }

    private async ValueTask<MNode?> ResolveProducedTextAsync(
        MScalar host,
        string text,
        string path,
        CancellationToken cancellationToken)
    {
        var holder = new MSequence(host.At);
        holder.Items.Add(new MScalar(host.At, ScalarKind.Text, text) { NestDepth = host.NestDepth + 1 });
        return await ResolveSlotAsync(holder, 0, path, cancellationToken) ? holder.Items[0] : null;
    }

    /// <summary>
    /// Tries a variable's sources left to right; returns null when it failed (the error is reported).
    /// </summary>
    private async ValueTask<MNode?> EvaluateVariableAsync(
        VariableMeta variable,
        string ownerText,
        MScalar host,
        string path,
        CancellationToken cancellationToken)
    {
        var variableText = ownerText[variable.Start..variable.End];
        if (_frames.Count > 0)
        {
            _frames[^1].Variable = variableText;
        }

        SourceOutcome last = default;
        SourceMeta? lastSource = null;
        var sources = variable.Sources!;
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            if (source.Type is null)
            {
                return Literal(source.Literal!, host.At);
            }

            var hasFallback = i < sources.Count - 1;
            last = await ResolveSourceAsync(source, variableText, host, path, hasFallback, cancellationToken);
            if (last.IsFailed)
            {
                return null;
            }

            if (last.IsFound)
            {
                return last.Value;
            }

            lastSource = source;
        }

        Errors.Add(NotFoundError(host, variableText, lastSource!, last));
        return null;
    }

    /// <summary>
    /// Evaluates an address or parameter that holds variables; it never parses its result again.
    /// </summary>
    private async ValueTask<MNode?> EvaluateArgumentAsync(
        ParsedValue parsed,
        MScalar host,
        string path,
        CancellationToken cancellationToken)
    {
        if (parsed.IsWholeVariable)
        {
            return await EvaluateVariableAsync(parsed.Variables[0], parsed.Text, host, path, cancellationToken);
        }

        return await InterpolateAsync(host, parsed, path, cancellationToken);
    }

    /// <summary>
    /// The text a value contributes inside a longer string, as JavaScript's String() gives it; null for
    /// objects and null.
    /// </summary>
    private static string? TextOf(MNode value) => value switch
    {
        MScalar { Kind: ScalarKind.Null } => null,
        MScalar scalar => ScalarText(scalar),
        MSequence sequence => string.Join(',', sequence.Items.Select(ItemText)),
        _ => null,
    };

    private static string ItemText(MNode item) => item switch
    {
        MScalar { Kind: ScalarKind.Null } => string.Empty,
        MScalar scalar => ScalarText(scalar),
        MSequence sequence => string.Join(',', sequence.Items.Select(ItemText)),
        _ => "[object Object]",
    };

    private static string ScalarText(MScalar scalar) =>
        new ConfigScalar(scalar.At, scalar.Kind, scalar.Text).ToText();

    private static MScalar Literal(LiteralValue literal, SourceSpan at) =>
        new(at, literal.Kind, literal.Text) { State = ResolveState.Final };

    /// <summary>
    /// A value placed where a variable was gets the variable's position; its children keep their own.
    /// </summary>
    private static MNode Relocate(MNode container, SourceSpan at)
    {
        switch (container)
        {
            case MMapping mapping:
                var copy = new MMapping(at, mapping.Tag) { Walk = mapping.Walk };
                foreach (var entry in mapping.Entries)
                {
                    copy.Add(new MEntry(entry.Key, entry.KeyAt, entry.Value) { FromMerge = entry.FromMerge });
                }

                return copy;
            case MSequence sequence:
                var list = new MSequence(at, sequence.Tag) { Walk = sequence.Walk };
                list.Items.AddRange(sequence.Items);
                return list;
            default:
                return container;
        }
    }

    private static MNode Child(MNode container, int index) => container switch
    {
        MMapping mapping => mapping.Entries[index].Value,
        MSequence sequence => sequence.Items[index],
        _ => throw new InvalidOperationException("Only mappings and sequences have children."),
    };

    private static void SetChild(MNode container, int index, MNode value)
    {
        switch (container)
        {
            case MMapping mapping:
                mapping.Entries[index].Value = value;
                break;
            case MSequence sequence:
                sequence.Items[index] = value;
                break;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    // Quoted text in a message is one line: a value's line breaks and control characters are shown escaped.
    private static string Shorten(string text) =>
        DisplayText.Escaped(text.Length <= 80 ? text : $"{text[..77]}...");

    /// <summary>
    /// A property being resolved, with the scalar that holds its variables and the variable being tried.
    /// </summary>
    private sealed class Frame(string path, MScalar scalar)
    {
        public string Path { get; } = path;

        public MScalar Scalar { get; } = scalar;

        public string? Variable { get; set; }
    }
}
