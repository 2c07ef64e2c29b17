using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stratus.Service.Internal.Json;

/// <summary>
/// JSON Schema draft 4 validation, the draft API Gateway models use ("Data models for REST APIs"). The schema is
/// read as it is walked; the patterns it holds are compiled once, up front.
/// </summary>
/// <remarks>
/// Limitation: 'format' is not checked, and a '$ref' that is not a local '#...' pointer (such as another API
/// Gateway model's URL) accepts anything, so such parts of a body are not validated locally.
/// </remarks>
internal sealed class Draft4Validator
{
    // A pattern that backtracks without end must not hold a request forever.
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    private readonly JsonElement _root;
    private readonly Dictionary<string, Regex> _patterns;
    private List<string>? _failedAt;

    private Draft4Validator(JsonElement root, Dictionary<string, Regex> patterns)
    {
        _root = root;
        _patterns = patterns;
    }

    /// <summary>A validator for <paramref name="schema"/>, or null with the pattern that does not compile.</summary>
    public static Draft4Validator? Create(JsonElement schema, out string? badPattern)
    {
        var patterns = new Dictionary<string, Regex>(StringComparer.Ordinal);
        badPattern = CollectPatterns(schema, patterns);
        return badPattern is null ? new Draft4Validator(schema.Clone(), patterns) : null;
    }

    /// <summary>Whether <paramref name="instance"/> is valid against the schema.</summary>
    public bool Accepts(JsonElement instance) => Validate(_root, instance, path: null);

    /// <summary>
    /// Whether <paramref name="instance"/> is valid; when not, <paramref name="failedAt"/> is the path of keys and
    /// indexes to the deepest part of the instance that failed.
    /// </summary>
    public bool Accepts(JsonElement instance, out IReadOnlyList<string> failedAt)
    {
        _failedAt = null;
        var path = new List<string>();
        var valid = Validate(_root, instance, path);
        failedAt = _failedAt ?? [];
        return valid;
    }

    private bool Validate(JsonElement schema, JsonElement instance, List<string>? path)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        // In draft 4 a '$ref' stands for the whole schema: keywords beside it are ignored.
        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            return Resolve(reference.GetString()!) is not { } target || Validate(target, instance, path);
        }

        var valid = ValidateType(schema, instance)
            && ValidateEnum(schema, instance)
            && ValidateCombinators(schema, instance, path)
            && instance.ValueKind switch
            {
                JsonValueKind.Number => ValidateNumber(schema, instance),
                JsonValueKind.String => ValidateString(schema, instance),
                JsonValueKind.Array => ValidateArray(schema, instance, path),
                JsonValueKind.Object => ValidateObject(schema, instance, path),
                _ => true,
            };
        if (!valid && path is not null && (_failedAt is null || path.Count > _failedAt.Count))
        {
            _failedAt = [.. path];
        }

        return valid;
    }

    private static bool ValidateType(JsonElement schema, JsonElement instance)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return true;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return IsOfType(instance, type.GetString()!);
        }

        return type.ValueKind != JsonValueKind.Array
            || type.EnumerateArray().Any(one => one.ValueKind == JsonValueKind.String
                && IsOfType(instance, one.GetString()!));
    }

    private static bool IsOfType(JsonElement instance, string type) => type switch
    {
        "array" => instance.ValueKind == JsonValueKind.Array,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => instance.ValueKind == JsonValueKind.Number && IsWholeNumber(instance),
        "null" => instance.ValueKind == JsonValueKind.Null,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "object" => instance.ValueKind == JsonValueKind.Object,
        "string" => instance.ValueKind == JsonValueKind.String,
        _ => false,
    };

    private static bool IsWholeNumber(JsonElement number) =>
        number.TryGetDecimal(out var exact) ? decimal.Truncate(exact) == exact : Math.Floor(number.GetDouble()) ==
            number.GetDouble();

    private static bool ValidateEnum(JsonElement schema, JsonElement instance) =>
        !schema.TryGetProperty("enum", out var values)
        || values.ValueKind != JsonValueKind.Array
        || values.EnumerateArray().Any(value => JsonElement.DeepEquals(value, instance));

    private bool ValidateCombinators(JsonElement schema, JsonElement instance, List<string>? path)
    {
        if (schema.TryGetProperty("allOf", out var all) && all.ValueKind == JsonValueKind.Array
            && !all.EnumerateArray().All(one => Validate(one, instance, path)))
        {
            return false;
        }

        // A branch of anyOf or oneOf that fails is no failure of the whole when another branch holds.
        var failedBefore = _failedAt;
        if (schema.TryGetProperty("anyOf", out var any) && any.ValueKind == JsonValueKind.Array)
        {
            if (!any.EnumerateArray().Any(one => Validate(one, instance, path)))
            {
                return false;
            }

            _failedAt = failedBefore;
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.ValueKind == JsonValueKind.Array)
        {
            if (oneOf.EnumerateArray().Count(one => Validate(one, instance, path)) != 1)
            {
                return false;
            }

            _failedAt = failedBefore;
        }

        return !schema.TryGetProperty("not", out var not) || !Validate(not, instance, path: null);
    }

    private static bool ValidateNumber(JsonElement schema, JsonElement instance)
    {
        var value = instance.GetDouble();
        if (Number(schema, "multipleOf") is { } divisor && !IsMultiple(instance, divisor))
        {
            return false;
        }

        // Draft 4's exclusiveMaximum and exclusiveMinimum are booleans that make the bound strict.
        if (Number(schema, "maximum") is { } maximum
            && (Flag(schema, "exclusiveMaximum") ? value >= maximum : value > maximum))
        {
            return false;
        }

        return Number(schema, "minimum") is not { } minimum
            || (Flag(schema, "exclusiveMinimum") ? value > minimum : value >= minimum);
    }

    private static bool IsMultiple(JsonElement instance, double divisor)
    {
        // Decimals first, so that 0.3 is a multiple of 0.1 as written rather than as binary fractions.
        if (instance.TryGetDecimal(out var exact) && (decimal)divisor != 0m)
        {
            return exact % (decimal)divisor == 0m;
        }

        var quotient = instance.GetDouble() / divisor;
        return double.IsFinite(quotient) && Math.Abs(quotient - Math.Round(quotient)) < 1e-9;
    }

    private bool ValidateString(JsonElement schema, JsonElement instance)
    {
        var text = instance.GetString()!;

        // Lengths count characters as JSON Schema does (code points), so an emoji is one, not two UTF-16 units.
        var length = CountCodePoints(text);
        if (Number(schema, "maxLength") is { } maximum && length > maximum)
        {
            return false;
        }

        if (Number(schema, "minLength") is { } minimum && length < minimum)
        {
            return false;
        }

        return !schema.TryGetProperty("pattern", out var pattern)
            || pattern.ValueKind != JsonValueKind.String
            || Matches(pattern.GetString()!, text);
    }

    private static int CountCodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private bool ValidateArray(JsonElement schema, JsonElement instance, List<string>? path)
    {
        var count = instance.GetArrayLength();
        if ((Number(schema, "maxItems") is { } maximum && count > maximum)
            || (Number(schema, "minItems") is { } minimum && count < minimum))
        {
            return false;
        }

        if (Flag(schema, "uniqueItems") && !AreUnique(instance))
        {
            return false;
        }

        if (!schema.TryGetProperty("items", out var items))
        {
            return true;
        }

        var index = 0;
        foreach (var item in instance.EnumerateArray())
        {
            var itemSchema = items.ValueKind == JsonValueKind.Array
                ? index < items.GetArrayLength() ? items[index] : AdditionalItems(schema)
                : items;
            if (itemSchema is { } one && !ValidateChild(one, item, path, index.ToString(CultureInfo.InvariantCulture)))
            {
                return false;
            }

            index++;
        }

        return true;
    }

    /// <summary>The schema for items beyond an 'items' list: null when any is allowed.</summary>
    private static JsonElement? AdditionalItems(JsonElement schema) =>
        schema.TryGetProperty("additionalItems", out var additional) ? additional : null;

    private static bool AreUnique(JsonElement array)
    {
        var items = array.EnumerateArray().ToList();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (JsonElement.DeepEquals(items[i], items[j]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool ValidateObject(JsonElement schema, JsonElement instance, List<string>? path)
    {
        var count = instance.EnumerateObject().Count();
        if ((Number(schema, "maxProperties") is { } maximum && count > maximum)
            || (Number(schema, "minProperties") is { } minimum && count < minimum))
        {
            return false;
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            && required.EnumerateArray().Any(name => !instance.TryGetProperty(name.GetString() ?? "", out _)))
        {
            return false;
        }

        return ValidateProperties(schema, instance, path) && ValidateDependencies(schema, instance, path);
    }

    private bool ValidateProperties(JsonElement schema, JsonElement instance, List<string>? path)
    {
        schema.TryGetProperty("properties", out var properties);
        schema.TryGetProperty("patternProperties", out var patternProperties);
        schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in instance.EnumerateObject())
        {
            var matched = false;
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var own))
            {
                matched = true;
                if (!ValidateChild(own, property.Value, path, property.Name))
                {
                    return false;
                }
            }

            if (patternProperties.ValueKind == JsonValueKind.Object)
            {
                foreach (var pattern in patternProperties.EnumerateObject())
                {
                    if (Matches(pattern.Name, property.Name))
                    {
                        matched = true;
                        if (!ValidateChild(pattern.Value, property.Value, path, property.Name))
                        {
                            return false;
                        }
                    }
                }
            }

            if (!matched && !ValidateAdditional(additional, property, path))
            {
                return false;
            }
        }

        return true;
    }

    private bool ValidateAdditional(JsonElement additional, JsonProperty property, List<string>? path) =>
        additional.ValueKind switch
        {
            JsonValueKind.False => Failed(path, property.Name),
            JsonValueKind.Object => ValidateChild(additional, property.Value, path, property.Name),
            _ => true,
        };

    private bool ValidateDependencies(JsonElement schema, JsonElement instance, List<string>? path)
    {
        if (!schema.TryGetProperty("dependencies", out var dependencies)
            || dependencies.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        foreach (var dependency in dependencies.EnumerateObject())
        {
            if (!instance.TryGetProperty(dependency.Name, out _))
            {
                continue;
            }

            var satisfied = dependency.Value.ValueKind == JsonValueKind.Array
                ? dependency.Value.EnumerateArray().All(name => instance.TryGetProperty(name.GetString() ?? "", out _))
                : Validate(dependency.Value, instance, path);
            if (!satisfied)
            {
                return false;
            }
        }

        return true;
    }

    private bool ValidateChild(JsonElement schema, JsonElement child, List<string>? path, string step)
    {
        path?.Add(step);
        var valid = Validate(schema, child, path);
        path?.RemoveAt(path.Count - 1);
        return valid;
    }

    /// <summary>Records a failure one step below the current path (an extra property that is not allowed).</summary>
    private bool Failed(List<string>? path, string step)
    {
        if (path is not null && (_failedAt is null || path.Count + 1 > _failedAt.Count))
        {
            _failedAt = [.. path, step];
        }

        return false;
    }

    private bool Matches(string pattern, string text)
    {
        try
        {
            return _patterns[pattern].IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The schema a local '#...' JSON pointer names, or null for another kind of reference.</summary>
    private JsonElement? Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }

        var target = _root;
        foreach (var raw in reference[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var step = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal)
                .Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(step, out var child))
            {
                target = child;
            }
            else if (target.ValueKind == JsonValueKind.Array
                && int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < target.GetArrayLength())
            {
                target = target[index];
            }
            else
            {
                return null;
            }
        }

        return target;
    }

    /// <summary>A local '$ref' in the schema that points at nothing, or null.</summary>
    public string? UnresolvedReference() => FindUnresolved(_root);

    private string? FindUnresolved(JsonElement node)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in node.EnumerateObject())
                {
                    if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String
                        && property.Value.GetString()!.StartsWith('#') && Resolve(property.Value.GetString()!) is null)
                    {
                        return property.Value.GetString();
                    }

                    if (FindUnresolved(property.Value) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                return node.EnumerateArray().Select(FindUnresolved).FirstOrDefault(found => found is not null);
            default:
                return null;
        }
    }

    private static double? Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : null;

    private static bool Flag(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Compiles every 'pattern' and 'patternProperties' key; returns the first that fails.</summary>
    private static string? CollectPatterns(JsonElement node, Dictionary<string, Regex> patterns)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            return node.EnumerateArray().Select(item => CollectPatterns(item, patterns))
                .FirstOrDefault(bad => bad is not null);
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in node.EnumerateObject())
        {
            var bad = property.Name switch
            {
                "pattern" when property.Value.ValueKind == JsonValueKind.String =>
                    Compile(property.Value.GetString()!, patterns),
                "patternProperties" when property.Value.ValueKind == JsonValueKind.Object =>
                    property.Value.EnumerateObject().Select(one => Compile(one.Name, patterns))
                        .FirstOrDefault(found => found is not null),
                _ => null,
            } ?? CollectPatterns(property.Value, patterns);
            if (bad is not null)
            {
                return bad;
            }
        }

        return null;
    }

    private static string? Compile(string pattern, Dictionary<string, Regex> patterns)
    {
        if (patterns.ContainsKey(pattern))
        {
            return null;
        }

        try
        {
            patterns[pattern] = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
            return null;
        }
        catch (ArgumentException)
        {
            return pattern;
        }
    }

    internal static string Describe(IReadOnlyList<string> path)
    {
        var text = new StringBuilder();
        foreach (var step in path)
        {
            text.Append('/').Append(step);
        }

        return text.Length == 0 ? "/" : text.ToString();
    }
}
