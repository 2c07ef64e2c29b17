using System.Globalization;
using System.Text.Json;

namespace Stratus.Service.Internal.Json;

/// <summary>
/// Names the draft 4 rule a schema breaks where the meta-schema alone says only where: 'exclusiveMinimum' needs
/// 'minimum', and 'required' and 'enum' need at least one entry, each listed once.
/// </summary>
internal static class Draft4Rules
{
    private static readonly string[] SchemaMaps = ["definitions", "properties", "patternProperties", "dependencies"];
    private static readonly string[] SchemaLists = ["items", "allOf", "anyOf", "oneOf"];

    /// <summary>The rule broken at <paramref name="failedAt"/>, the meta-schema's failure path, or null.</summary>
    public static BrokenRule? Broken(JsonElement schema, IReadOnlyList<string> failedAt)
    {
        if (SchemaAt(schema, failedAt) is { } failing)
        {
            return BrokenBound(failing, "Minimum") ?? BrokenBound(failing, "Maximum");
        }

        return failedAt.Count > 0 && SchemaAt(schema, [.. failedAt.Take(failedAt.Count - 1)]) is { } parent
            ? BrokenList(parent, failedAt[^1])
            : null;
    }

    private static BrokenRule? BrokenBound(JsonElement schema, string bound)
    {
        var exclusive = "exclusive" + bound;
        var plain = bound.ToLowerInvariant();
        return schema.TryGetProperty(exclusive, out _) && !schema.TryGetProperty(plain, out _)
            ? new BrokenRule(
                exclusive,
                $"'{exclusive}' is set without '{plain}', and draft 4 makes '{exclusive}' depend on '{plain}'",
                $"add '{plain}' beside '{exclusive}', or remove '{exclusive}'.")
            : null;
    }

    private static BrokenRule? BrokenList(JsonElement schema, string keyword)
    {
        var what = keyword switch
        {
            "required" => "name",
            "enum" => "value",
            _ => null,
        };
        if (what is null || !schema.TryGetProperty(keyword, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var problem = list.GetArrayLength() == 0 ? $"lists no {what}" : $"lists a {what} more than once";
        return new BrokenRule(
            null,
            $"'{keyword}' {problem}, and draft 4 needs at least one {what} there, each listed once",
            $"list each {what} once, or remove '{keyword}'.");
    }

    /// <summary>The schema at <paramref name="path"/>, or null when that place holds no schema.</summary>
    private static JsonElement? SchemaAt(JsonElement root, IReadOnlyList<string> path)
    {
        var node = root;
        var isSchema = true;
        var holdsSchemas = false;
        foreach (var step in path)
        {
            if (!Child(node, step, out var child))
            {
                return null;
            }

            // A schema's keyword leads to a schema, to a map or list of schemas, or to plain data; a member of a map
            // or list of schemas is a schema.
            var keyword = isSchema ? step : null;
            isSchema = holdsSchemas || keyword is "additionalProperties" or "additionalItems" or "not"
                || (SchemaLists.Contains(keyword) && child.ValueKind == JsonValueKind.Object);
            holdsSchemas = SchemaMaps.Contains(keyword)
                || (SchemaLists.Contains(keyword) && child.ValueKind == JsonValueKind.Array);
            node = child;
        }

        return isSchema && node.ValueKind == JsonValueKind.Object ? node : null;
    }

    private static bool Child(JsonElement node, string step, out JsonElement child)
    {
        child = default;
        if (node.ValueKind == JsonValueKind.Object)
        {
            return node.TryGetProperty(step, out child);
        }

        if (node.ValueKind != JsonValueKind.Array || !int.TryParse(step, CultureInfo.InvariantCulture, out var index)
            || index >= node.GetArrayLength())
        {
            return false;
        }

        child = node[index];
        return true;
    }

    /// <summary>A broken rule: the keyword to point at (null for the failing place), what is wrong, the fix.</summary>
    internal sealed record BrokenRule(string? Keyword, string Problem, string Fix);
}
