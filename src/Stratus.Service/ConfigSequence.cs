namespace Stratus.Service;

/// <summary>A list of nodes, in the order they were written.</summary>
public sealed record ConfigSequence : ConfigNode
{
    /// <summary>Creates a sequence.</summary>
    public ConfigSequence(SourceSpan at, IEnumerable<ConfigNode> items, string? tag = null)
        : base(at, tag)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items.ToArray();
    }

    /// <summary>The items in order.</summary>
    public IReadOnlyList<ConfigNode> Items { get; }
}
