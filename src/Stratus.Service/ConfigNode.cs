using System.Globalization;

namespace Stratus.Service;

/// <summary>
/// A node of a loaded configuration: a <see cref="ConfigMapping"/>, a <see cref="ConfigSequence"/> or a
/// <see cref="ConfigScalar"/>. Nodes are immutable and each knows where it was written.
/// </summary>
public abstract record ConfigNode
{
    private protected ConfigNode(SourceSpan at, string? tag)
    {
        At = at;
        Tag = tag;
    }

    /// <summary>Where the node was written; a value produced by a variable points at the variable.</summary>
    public SourceSpan At { get; init; }

    /// <summary>
    /// The YAML tag as written (for example <c>!Ref</c>), or null; resolved trees carry no short-form tags.
    /// </summary>
    public string? Tag { get; init; }

    /// <summary>The node as compact JSON, which keeps debugger views and test failures readable.</summary>
    public sealed override string ToString() => ServicePrinter.ToJson(this, indented: false);

    /// <summary>
    /// Finds the node at a dotted path such as <c>provider.environment.TABLE</c>, or null when absent.
    /// </summary>
    /// <param name="dottedPath">Keys separated by dots; a whole-number key indexes a sequence.</param>
    public ConfigNode? Find(string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        if (dottedPath.Length == 0)
        {
            return this;
        }

        ConfigNode? node = this;
        foreach (var key in dottedPath.Split('.'))
        {
            node = node switch
            {
                ConfigMapping mapping => mapping[key],
                ConfigSequence sequence when TryIndex(key, out var i) && i < sequence.Items.Count => sequence.Items[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static bool TryIndex(string key, out int index) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out index);
}
