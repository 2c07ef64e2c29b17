namespace Stratus.Service.Internal.Tree;

/// <summary>A working sequence.</summary>
internal sealed class MSequence(SourceSpan at, string? tag = null) : MNode(at, tag)
{
    public List<MNode> Items { get; } = [];

    public WalkState Walk { get; set; }

    public override MNode Clone()
    {
        var copy = new MSequence(At, Tag);
        copy.Items.AddRange(Items.Select(item => item.Clone()));
        return copy;
    }
}
