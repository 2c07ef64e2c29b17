using System.Globalization;

namespace Stratus.Service.Internal.Tree;

/// <summary>
/// Guards against documents that reference the same large value many times over: resolution shares nodes, so it
/// stays small, but the resolved tree that is printed and modelled would copy every reference out in full.
/// </summary>
internal static class TreeSize
{
    /// <summary>The same bound the YAML reader applies to aliases.</summary>
    public const long MaxNodes = 1_000_000;

    public static void CheckExpandedSize(MMapping root, List<ConfigError> errors)
    {
        var sizes = new Dictionary<MNode, long>(ReferenceEqualityComparer.Instance);
        if (ExpandedSize(root, sizes) <= MaxNodes)
        {
            return;
        }

        errors.Add(new ConfigError(
            ConfigErrorCodes.DocumentTooLarge,
            root.At,
            $"references expand the resolved document past {MaxNodes.ToString(CultureInfo.InvariantCulture)} values.",
            "reference large lists and objects fewer times, or reference one of their parts."));
    }

    // Sizes are memoized per node, so a value shared by many references is counted in one pass,
    // and the sum saturates instead of overflowing.
    private static long ExpandedSize(MNode node, Dictionary<MNode, long> sizes)
    {
        if (sizes.TryGetValue(node, out var known))
        {
            return known;
        }

        var size = 1L;
        var children = node switch
        {
            MMapping mapping => mapping.Entries.Select(entry => entry.Value),
            MSequence sequence => sequence.Items,
            _ => [],
        };
        foreach (var child in children)
        {
            size = Math.Min(size + ExpandedSize(child, sizes), MaxNodes + 1);
        }

        sizes[node] = size;
        return size;
    }
}
