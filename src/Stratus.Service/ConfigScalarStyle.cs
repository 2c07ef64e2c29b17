namespace Stratus.Service;

/// <summary>
/// How a scalar was written in YAML; values that come from variables are <see cref="Plain"/>.
/// </summary>
public enum ConfigScalarStyle
{
    /// <summary>Unquoted.</summary>
    Plain,

    /// <summary>In single quotes.</summary>
    SingleQuoted,

    /// <summary>In double quotes.</summary>
    DoubleQuoted,

    /// <summary>A literal block (<c>|</c>).</summary>
    Literal,

    /// <summary>A folded block (<c>&gt;</c>).</summary>
    Folded,
}
