namespace Stratus.Service.Internal.Tree;

/// <summary>
/// A node of the working tree. Resolution replaces values in place (a variable becomes its value), so the working
/// tree is mutable; it is frozen into <see cref="ConfigNode"/> once resolution is over.
/// </summary>
internal abstract class MNode
{
    protected MNode(SourceSpan at, string? tag)
    {
        At = at;
        Tag = tag;
    }

    public SourceSpan At { get; set; }

    public string? Tag { get; set; }

    /// <summary>A deep copy that shares nothing mutable with this node.</summary>
    public abstract MNode Clone();

    /// <summary>Every scalar at or below this node, depth first.</summary>
    public IEnumerable<MScalar> Scalars()
    {
        var pending = new Stack<MNode>([this]);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case MScalar scalar:
                    yield return scalar;
                    break;
                case MMapping mapping:
                    mapping.Entries.ForEach(entry => pending.Push(entry.Value));
                    break;
                case MSequence sequence:
                    sequence.Items.ForEach(pending.Push);
                    break;
            }
        }
    }
}
