namespace Stratus.Service.Internal.Variables;

/// <summary>
/// A typed literal written inside a variable, as <c>'text'</c>, <c>12</c>, <c>true</c> or <c>null</c>.
/// </summary>
internal sealed record LiteralValue(ScalarKind Kind, string Text)
{
    public static LiteralValue Null { get; } = new(ScalarKind.Null, "null");

    public static LiteralValue String(string text) => new(ScalarKind.Text, text);

    public static LiteralValue Boolean(bool value) => new(ScalarKind.Boolean, value ? "true" : "false");

    public static LiteralValue Number(double value)
    {
        var text = double.IsFinite(value) ? YamlNumbers.Format(value) : value > 0 ? ".inf" : "-.inf";
        return new LiteralValue(ScalarKind.Number, text);
    }
}
