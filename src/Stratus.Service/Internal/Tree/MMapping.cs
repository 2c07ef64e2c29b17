namespace Stratus.Service.Internal.Tree;

/// <summary>A working mapping with ordered keys.</summary>
internal sealed class MMapping(SourceSpan at, string? tag = null) : MNode(at, tag)
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public List<MEntry> Entries { get; } = [];

    public WalkState Walk { get; set; }

    public int IndexOf(string key) => _index.TryGetValue(key, out var i) ? i : -1;

    public void Add(MEntry entry)
    {
        _index.Add(entry.Key, Entries.Count);
        Entries.Add(entry);
    }

    public override MNode Clone()
    {
        var copy = new MMapping(At, Tag);
        foreach (var entry in Entries)
        {
            copy.Add(new MEntry(entry.Key, entry.KeyAt, entry.Value.Clone()) { FromMerge = entry.FromMerge });
        }

        return copy;
    }
}
