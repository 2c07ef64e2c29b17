namespace Stratus.Service;

/// <summary>
/// One reference for an <see cref="IVariableSource"/> to resolve, such as <c>${ssm(eu-west-1):/app/key}</c>.
/// </summary>
/// <param name="Source">The source name as written (<c>ssm</c>).</param>
/// <param name="Parameters">The parameters in parentheses, as text (<c>eu-west-1</c>); empty when there were
/// none.</param>
/// <param name="Address">The address after the colon (<c>/app/key</c>), or null.</param>
/// <param name="Stage">The stage being loaded.</param>
/// <param name="Region">The region being loaded.</param>
/// <param name="At">Where the variable is written.</param>
public sealed record VariableSourceRequest(
    string Source,
    IReadOnlyList<string?> Parameters,
    string? Address,
    string Stage,
    string Region,
    SourceSpan At)
{
    /// <summary>
    /// Whether the variable has a fallback after this source, which a source may prefer to creating a value (the
    /// local store generates a missing secret only when nothing else would stand in for it).
    /// </summary>
    public bool HasFallback { get; init; }
}
