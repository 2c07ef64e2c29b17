using System.Globalization;
using Stratus.Service.Internal;

namespace Stratus.Service;

/// <summary>A scalar value with its type (string, number, boolean or null) and how it was written.</summary>
public sealed record ConfigScalar : ConfigNode
{
    /// <summary>Creates a scalar.</summary>
    /// <param name="at">Where the value was written.</param>
    /// <param name="kind">The type of the value.</param>
    /// <param name="value">The text as written; for numbers, a number in YAML syntax.</param>
    /// <param name="style">How the value was written.</param>
    /// <param name="tag">The YAML tag as written, if any.</param>
    /// <exception cref="ArgumentException">A number's text is not a number.</exception>
    public ConfigScalar(
        SourceSpan at,
        ScalarKind kind,
        string value,
        ConfigScalarStyle style = ConfigScalarStyle.Plain,
        string? tag = null)
        : base(at, tag)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (kind == ScalarKind.Number && !YamlNumbers.IsNumber(value))
        {
            throw new ArgumentException($"'{value}' is not a number.", nameof(value));
        }

        Kind = kind;
        Value = value;
        Style = style;
    }

    /// <summary>The type of the value.</summary>
    public ScalarKind Kind { get; }

    /// <summary>
    /// The text as written (for a null this is the text that meant null, such as <c>~</c>).
    /// </summary>
    public string Value { get; }

    /// <summary>How the value was written.</summary>
    public ConfigScalarStyle Style { get; }

    /// <summary>Whether the value is null.</summary>
    public bool IsNull => Kind == ScalarKind.Null;

    /// <summary>The boolean value, or null when the scalar is not a boolean.</summary>
    public bool? AsBoolean =>
        Kind == ScalarKind.Boolean ? string.Equals(Value, "true", StringComparison.OrdinalIgnoreCase) : null;

    /// <summary>Creates a string scalar.</summary>
    public static ConfigScalar FromString(string value, SourceSpan at) => new(at, ScalarKind.Text, value);

    /// <summary>Creates a number scalar.</summary>
    public static ConfigScalar FromNumber(double value, SourceSpan at) =>
        new(at, ScalarKind.Number, double.IsFinite(value) ? YamlNumbers.Format(value) : FormatNonFinite(value));

    /// <summary>Creates a boolean scalar.</summary>
    public static ConfigScalar FromBoolean(bool value, SourceSpan at) =>
        new(at, ScalarKind.Boolean, value ? "true" : "false");

    /// <summary>Creates a null scalar.</summary>
    public static ConfigScalar Null(SourceSpan at) => new(at, ScalarKind.Null, "null");

    /// <summary>The number as a double, or null when the scalar is not a number.</summary>
    public double? AsDouble => Kind == ScalarKind.Number ? YamlNumbers.ToDouble(Value) : null;

    /// <summary>
    /// Reads a whole number; numbers written as text (as <c>'512'</c>) count, as the framework coerces them.
    /// </summary>
    public bool TryGetInt64(out long value)
    {
        if (Kind == ScalarKind.Number || (Kind == ScalarKind.Text && YamlNumbers.IsNumber(Value.Trim())))
        {
            return YamlNumbers.TryToInt64(Value.Trim(), out value);
        }

        value = 0;
        return false;
    }

    /// <summary>The number as JSON writes it, or null when the scalar is not a number.</summary>
    public string? ToJsonNumber() => Kind == ScalarKind.Number ? YamlNumbers.ToJson(Value) : null;

    /// <summary>
    /// The value as text the way JavaScript's String() renders it (<c>512</c>, <c>true</c>, <c>null</c>); this is
    /// what a variable contributes when it is joined into a longer string.
    /// </summary>
    public string ToText() => Kind switch
    {
        ScalarKind.Number => YamlNumbers.ToDisplay(Value),
        ScalarKind.Boolean => AsBoolean == true ? "true" : "false",
        ScalarKind.Null => "null",
        _ => Value,
    };

    private static string FormatNonFinite(double value) =>
        double.IsNaN(value) ? ".nan" : (value > 0 ? ".inf" : "-.inf").ToString(CultureInfo.InvariantCulture);
}
