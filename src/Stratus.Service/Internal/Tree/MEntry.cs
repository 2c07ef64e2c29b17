namespace Stratus.Service.Internal.Tree;

/// <summary>A key of a working mapping with its (replaceable) value.</summary>
internal sealed class MEntry(string key, SourceSpan keyAt, MNode value)
{
    public string Key { get; } = key;

    public SourceSpan KeyAt { get; } = keyAt;

    public MNode Value { get; set; } = value;

    /// <summary>
    /// Whether the entry came from a merge key (<c>&lt;&lt;</c>), so an explicit key may override it.
    /// </summary>
    public bool FromMerge { get; init; }
}
