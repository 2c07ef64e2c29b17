namespace Stratus.Service;

/// <summary>The type a YAML or JSON scalar has once loaded, as the Serverless Framework types it.</summary>
public enum ScalarKind
{
    /// <summary>Text: quoted, block, or plain text that is not another type.</summary>
    Text,

    /// <summary>A number, such as an unquoted <c>512</c> or <c>0.5</c>.</summary>
    Number,

    /// <summary>An unquoted <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>An unquoted <c>null</c>, <c>~</c>, or an empty value.</summary>
    Null,
}
