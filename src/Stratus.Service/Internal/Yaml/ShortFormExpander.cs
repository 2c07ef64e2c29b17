using Stratus.Service.Internal.Tree;

namespace Stratus.Service.Internal.Yaml;

/// <summary>
/// Turns CloudFormation short forms into the long forms the framework prints: <c>!Ref X</c> becomes
/// <c>{Ref: X}</c>, <c>!GetAtt A.B</c> becomes <c>{"Fn::GetAtt": [A, B]}</c>, and <c>!merge</c> lists are merged
/// (as @serverless/utils/cloudformation-schema does).
/// </summary>
internal static class ShortFormExpander
{
    public static MNode Expand(MNode node, string file, List<ConfigError> errors)
    {
        switch (node)
        {
            case MMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    entry.Value = Expand(entry.Value, file, errors);
                }

                break;
            case MSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    sequence.Items[i] = Expand(sequence.Items[i], file, errors);
                }

                break;
        }

        return node.Tag switch
        {
            null => node,
            IntrinsicFunctions.MergeTag => MergeList(node, errors),
            _ => ToLongForm(node),
        };
    }

    private static MMapping ToLongForm(MNode node)
    {
        var tag = node.Tag!;
        node.Tag = null;
        var value = node;
        if (tag == "!GetAtt" && node is MScalar scalar)
        {
            // '!GetAtt Resource.Attr.Sub' splits at the first dot only.
            var dot = scalar.Text.IndexOf('.', StringComparison.Ordinal);
            var list = new MSequence(scalar.At);
            var resource = dot < 0 ? scalar.Text : scalar.Text[..dot];
            var attribute = dot < 0 ? string.Empty : scalar.Text[(dot + 1)..];
            list.Items.Add(new MScalar(scalar.At, ScalarKind.Text, resource, scalar.Style));
            list.Items.Add(new MScalar(scalar.At, ScalarKind.Text, attribute, scalar.Style));
            value = list;
        }

        var mapping = new MMapping(node.At);
        mapping.Add(new MEntry(IntrinsicFunctions.LongFormKey(tag), node.At, value));
        return mapping;
    }

    private static MNode MergeList(MNode node, List<ConfigError> errors)
    {
        node.Tag = null;
        if (node is MSequence sequence && sequence.Items.All(item => item is MSequence))
        {
            var flat = new MSequence(sequence.At);
            flat.Items.AddRange(sequence.Items.Cast<MSequence>().SelectMany(item => item.Items));
            return flat;
        }

        if (node is MSequence mappings && mappings.Items.All(item => item is MMapping))
        {
            return MergeMappings(mappings, errors);
        }

        errors.Add(new ConfigError(
            ConfigErrorCodes.YamlInvalidMerge,
            node.At,
            "'!merge' is given something other than a list of mappings or a list of lists.",
            "give '!merge' a list whose items are all mappings, or all lists."));
        return node;
    }

    private static MMapping MergeMappings(MSequence mappings, List<ConfigError> errors)
    {
        var merged = new MMapping(mappings.At);
        foreach (var entry in mappings.Items.Cast<MMapping>().SelectMany(mapping => mapping.Entries))
        {
            if (merged.IndexOf(entry.Key) >= 0)
            {
                errors.Add(new ConfigError(
                    ConfigErrorCodes.YamlInvalidMerge,
                    entry.KeyAt,
                    $"'!merge' finds the key '{entry.Key}' in more than one of the mappings it merges.",
                    "keep each key in only one of the merged mappings."));
                continue;
            }

            merged.Add(new MEntry(entry.Key, entry.KeyAt, entry.Value));
        }

        return merged;
    }
}
