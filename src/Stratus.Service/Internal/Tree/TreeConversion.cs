namespace Stratus.Service.Internal.Tree;

/// <summary>Converts between the working tree and the immutable <see cref="ConfigNode"/> tree.</summary>
internal static class TreeConversion
{
    public static ConfigNode Freeze(MNode node) => node switch
    {
        MScalar scalar => new ConfigScalar(scalar.At, scalar.Kind, scalar.Text, scalar.Style, scalar.Tag),
        MSequence sequence => new ConfigSequence(sequence.At, sequence.Items.Select(Freeze), sequence.Tag),
        MMapping mapping => new ConfigMapping(
            mapping.At,
            mapping.Entries.Select(entry => new ConfigEntry(entry.Key, entry.KeyAt, Freeze(entry.Value))),
            mapping.Tag),
        _ => throw new InvalidOperationException($"Unknown working node {node.GetType().Name}."),
    };

    public static MNode Thaw(ConfigNode node) => node switch
    {
        ConfigScalar scalar => new MScalar(scalar.At, scalar.Kind, scalar.Value, scalar.Style, scalar.Tag),
        ConfigSequence sequence => ThawSequence(sequence),
        ConfigMapping mapping => ThawMapping(mapping),
        _ => throw new InvalidOperationException($"Unknown node {node.GetType().Name}."),
    };

    private static MSequence ThawSequence(ConfigSequence sequence)
    {
        var copy = new MSequence(sequence.At, sequence.Tag);
        copy.Items.AddRange(sequence.Items.Select(Thaw));
        return copy;
    }

    private static MMapping ThawMapping(ConfigMapping mapping)
    {
        var copy = new MMapping(mapping.At, mapping.Tag);
        foreach (var entry in mapping.Entries)
        {
            copy.Add(new MEntry(entry.Key, entry.KeyAt, Thaw(entry.Value)));
        }

        return copy;
    }
}
