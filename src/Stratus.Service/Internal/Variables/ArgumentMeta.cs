namespace Stratus.Service.Internal.Variables;

/// <summary>A parameter or address of a source: a literal, or text that holds nested variables.</summary>
internal sealed record ArgumentMeta(LiteralValue Value, ParsedValue? Nested)
{
    public static ArgumentMeta Of(string? text, List<VariableMeta>? nested)
    {
        var value = string.IsNullOrEmpty(text) ? LiteralValue.Null : LiteralValue.String(text);
        var variables = VariableParser.Normalize(text ?? string.Empty, nested);
        return new ArgumentMeta(value, variables is null ? null : new ParsedValue(text ?? string.Empty, variables));
    }
}
