namespace Stratus.Service.Internal.Variables;

/// <summary>
/// One source of a variable: <c>type(params):address</c>, or a literal fallback such as <c>'x'</c> or
/// <c>5</c>.
/// </summary>
internal sealed class SourceMeta
{
    /// <summary>The source type (<c>self</c>, <c>env</c>, ...); null for a literal.</summary>
    public string? Type { get; init; }

    /// <summary>The value of a literal source.</summary>
    public LiteralValue? Literal { get; init; }

    /// <summary>The parameters in parentheses, or null when there were no parentheses.</summary>
    public List<ArgumentMeta>? Params { get; set; }

    /// <summary>The address after the colon, or null when there was none.</summary>
    public ArgumentMeta? Address { get; set; }
}
