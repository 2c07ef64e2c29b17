namespace Stratus.Service.Internal.Variables;

/// <summary>A string value with the variables (and escapes) found in it.</summary>
/// <param name="Text">The string as written.</param>
/// <param name="Variables">The variables and escapes in order; never empty.</param>
internal sealed record ParsedValue(string Text, IReadOnlyList<VariableMeta> Variables)
{
    /// <summary>
    /// Whether the string is exactly one variable, so its result keeps the referenced type.
    /// </summary>
    public bool IsWholeVariable => Variables.Count == 1 && Variables[0].IsWhole;
}
