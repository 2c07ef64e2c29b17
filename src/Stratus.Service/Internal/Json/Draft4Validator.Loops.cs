using System.Globalization;
using System.Text.Json;

namespace Stratus.Service.Internal.Json;

/// <summary>
/// Finds '$ref' loops that never reach a schema: references and combinators that lead back to the same schema
/// for the same value, which would make validation recurse without end.
/// </summary>
internal sealed partial class Draft4Validator
{
    // Keywords whose schemas apply to the value itself; the others ('properties', 'items'...) go one level into it,
    // so a loop through them ends where the value does.
    private static readonly string[] SameValueArrays = ["allOf", "anyOf", "oneOf"];

    /// <summary>The path to the '$ref' that closes a loop over the same value, or null when there is none.</summary>
    public IReadOnlyList<string>? ReferenceLoop()
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (schema, path) in SchemaNodes())
        {
            if (FindLoopFrom(schema, path, finished) is { } closing)
            {
                return closing;
            }
        }

        return null;
    }

    /// <summary>Every schema the document holds, with its path, found without recursion.</summary>
    private IEnumerable<(JsonElement Schema, List<string> Path)> SchemaNodes()
    {
        var pending = new Stack<(JsonElement, List<string>)>();
        pending.Push((_root, []));
        while (pending.TryPop(out var node))
        {
            yield return node;

            // Pushed last to first, so that they come out, and a loop is reported, in the order they are written.
            foreach (var child in ChildSchemas(node.Item1, node.Item2).Reverse())
            {
                pending.Push(child);
            }
        }
    }

    private static IEnumerable<(JsonElement, List<string>)> ChildSchemas(JsonElement schema, List<string> path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var at = new List<string>(path) { keyword.Name };
            var value = keyword.Value;
            var children = keyword.Name switch
            {
                "definitions" or "properties" or "patternProperties" or "dependencies" => Members(value, at),
                "additionalProperties" or "additionalItems" or "not" => [(value, at)],
                "items" or "allOf" or "anyOf" or "oneOf" => value.ValueKind == JsonValueKind.Array
                    ? Items(value, at)
                    : [(value, at)],
                _ => [],
            };
            foreach (var child in children.Where(child => child.Item1.ValueKind == JsonValueKind.Object))
            {
                yield return child;
            }
        }
    }

    private static IEnumerable<(JsonElement, List<string>)> Members(JsonElement node, List<string> path) =>
        node.ValueKind == JsonValueKind.Object
            ? node.EnumerateObject().Select(one => (one.Value, new List<string>(path) { JsonText.Name(one) ?? "" }))
            : [];

    private static IEnumerable<(JsonElement, List<string>)> Items(JsonElement node, List<string> path) =>
        node.EnumerateArray().Select((one, index) =>
            (one, new List<string>(path) { index.ToString(CultureInfo.InvariantCulture) }));

    /// <summary>A depth-first search along same-value edges, kept on a list of frames rather than the stack.</summary>
    private List<string>? FindLoopFrom(JsonElement schema, List<string> path, HashSet<string> finished)
    {
        var key = Key(path);
        if (finished.Contains(key))
        {
            return null;
        }

        var frames = new List<LoopFrame> { new(key, SameValueEdges(schema, path), EnteredBy: null) };
        var open = new Dictionary<string, int>(StringComparer.Ordinal) { [key] = 0 };
        while (frames.Count > 0)
        {
            var frame = frames[^1];
            if (frame.Next == frame.Edges.Count)
            {
                frames.RemoveAt(frames.Count - 1);
                open.Remove(frame.Key);
                finished.Add(frame.Key);
                continue;
            }

            var edge = frame.Edges[frame.Next++];
            var target = Key(edge.Path);
            if (open.TryGetValue(target, out var start))
            {
                return ClosingReference(frames, start, edge);
            }

            if (!finished.Contains(target))
            {
                open[target] = frames.Count;
                frames.Add(new LoopFrame(target, SameValueEdges(edge.Target, edge.Path), edge));
            }
        }

        return null;
    }

    // Every loop holds a '$ref' (without one, each edge goes one level down the document); the last one taken is
    // the one that closes it.
    private static List<string> ClosingReference(List<LoopFrame> frames, int start, LoopEdge closing)
    {
        if (closing.ReferenceAt is { } at)
        {
            return at;
        }

        for (var i = frames.Count - 1; i > start; i--)
        {
            if (frames[i].EnteredBy?.ReferenceAt is { } entered)
            {
                return entered;
            }
        }

        return closing.Path;
    }

    private List<LoopEdge> SameValueEdges(JsonElement schema, List<string> path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        // Keywords beside a '$ref' are ignored in draft 4, so the reference is the only way on.
        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            return JsonText.Value(reference) is { } pointer && ResolveWithPath(pointer) is var (target, targetPath)
                ? [new LoopEdge(target, targetPath, [.. path, "$ref"])]
                : [];
        }

        var edges = new List<LoopEdge>();
        foreach (var keyword in SameValueArrays)
        {
            if (schema.TryGetProperty(keyword, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                edges.AddRange(Items(list, [.. path, keyword]).Select(one => new LoopEdge(one.Item1, one.Item2, null)));
            }
        }

        if (schema.TryGetProperty("not", out var not))
        {
            edges.Add(new LoopEdge(not, [.. path, "not"], null));
        }

        if (schema.TryGetProperty("dependencies", out var dependencies))
        {
            edges.AddRange(Members(dependencies, [.. path, "dependencies"])
                .Where(one => one.Item1.ValueKind == JsonValueKind.Object)
                .Select(one => new LoopEdge(one.Item1, one.Item2, null)));
        }

        return edges;
    }

    private static string Key(List<string> path) =>
        string.Join('/', path.Select(step => step.Replace("~", "~0", StringComparison.Ordinal)
            .Replace("/", "~1", StringComparison.Ordinal)));

    /// <summary>A way from one schema to another for the same value; a '$ref' one knows where it is.</summary>
    private sealed record LoopEdge(JsonElement Target, List<string> Path, List<string>? ReferenceAt);

    private sealed record LoopFrame(string Key, List<LoopEdge> Edges, LoopEdge? EnteredBy)
    {
        public int Next { get; set; }
    }
}
