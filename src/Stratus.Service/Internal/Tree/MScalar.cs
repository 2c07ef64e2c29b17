using Stratus.Service.Internal.Variables;

namespace Stratus.Service.Internal.Tree;

/// <summary>A working scalar; string scalars carry their parsed variables once looked at.</summary>
internal sealed class MScalar(
    SourceSpan at,
    ScalarKind kind,
    string text,
    ConfigScalarStyle style = ConfigScalarStyle.Plain,
    string? tag = null,
    int endLine = 0) : MNode(at, tag)
{
    public ScalarKind Kind { get; } = kind;

    public string Text { get; } = text;

    public ConfigScalarStyle Style { get; } = style;

    /// <summary>
    /// The last line the scalar covers in its file (block and multi-line scalars cover several).
    /// </summary>
    public int EndLine { get; } = Math.Max(endLine, at.Line);

    public ResolveState State { get; set; } = kind == ScalarKind.Text ? ResolveState.Unparsed : ResolveState.Final;

    /// <summary>
    /// The parsed variables, kept so that a value is parsed once however often it is referenced.
    /// </summary>
    public ParsedValue? Parsed { get; set; }

    /// <summary>
    /// How many times values produced by variables were fed back into resolution to reach this scalar.
    /// </summary>
    public int NestDepth { get; set; }

    /// <summary>Whether the text is a secret's ciphertext, which works only as a whole value.</summary>
    public bool IsEncrypted { get; set; }

    /// <summary>
    /// The variable, as written where this scalar stands, that placed a stored secret here (an encrypted value is
    /// judged by where it ends up, and the error points at this variable).
    /// </summary>
    public string? SecretVariable { get; set; }

    /// <summary>The <c>${file()}</c> includes this scalar was read through, outermost first.</summary>
    public IReadOnlyList<Variables.FileInclude> Includes { get; set; } = [];

    public override MNode Clone() => new MScalar(At, Kind, Text, Style, Tag, EndLine)
    {
        State = State is ResolveState.Resolving ? ResolveState.Pending : State,
        Parsed = Parsed,
        NestDepth = NestDepth,
        IsEncrypted = IsEncrypted,
        SecretVariable = SecretVariable,
        Includes = Includes,
    };
}
