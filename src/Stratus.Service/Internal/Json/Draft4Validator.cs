using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
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
internal sealed partial class Draft4Validator
{
    // A pattern that backtracks without end must not hold a request forever.
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    // Schemas entered at once, well above what a 256-deep body needs even with several schemas per level.
    private const int MaxDepth = 2048;

    private readonly JsonElement _root;
    private readonly Dictionary<string, Regex> _patterns;

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
    public bool Accepts(JsonElement instance) => Validate(_root, instance, new Walk(path: null));

    /// <summary>
    /// Whether <paramref name="instance"/> is valid against the schema, checked within <paramref name="budget"/>.
    /// </summary>
    /// <exception cref="TimeoutException">The check ran past the budget.</exception>
    public bool Accepts(JsonElement instance, TimeSpan budget)
    {
        var deadline = Environment.TickCount64 + (long)budget.TotalMilliseconds;
        return Validate(_root, instance, new Walk(path: null, deadline));
    }

    /// <summary>
    /// Whether <paramref name="instance"/> is valid; when not, <paramref name="failedAt"/> is the path of keys and
    /// indexes to the deepest part of the instance that failed.
    /// </summary>
    public bool Accepts(JsonElement instance, out IReadOnlyList<string> failedAt)
    {
        var walk = new Walk(path: []);
        var valid = Validate(_root, instance, walk);
        failedAt = walk.FailedAt ?? [];
        return valid;
    }

    private bool Validate(JsonElement schema, JsonElement instance, Walk walk)
    {
        // A '$ref' loop that slipped past the load-time check, or a body as deep as a recursive schema goes, fails
        // the request: overflowing the stack would take the whole emulator down.
        if (walk.Depth >= MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return walk.Fail();
        }

        walk.CheckTime();

        walk.Depth++;
        try
        {
            return ValidateSchema(schema, instance, walk);
        }
        finally
        {
            walk.Depth--;
        }
    }

    private bool ValidateSchema(JsonElement schema, JsonElement instance, Walk walk)
    {
        // Draft 4 allows a boolean only for additionalItems and additionalProperties: false forbids any value there.
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return schema.ValueKind != JsonValueKind.False || walk.Fail();
        }

        // In draft 4 a '$ref' stands for the whole schema: keywords beside it are ignored.
        if (schema.TryGetProperty("$ref", out var reference) && reference.ValueKind == JsonValueKind.String)
        {
            return JsonText.Value(reference) is not { } pointer
                || Resolve(pointer) is not { } target
                || Validate(target, instance, walk);
        }

        var valid = ValidateType(schema, instance)
            && ValidateEnum(schema, instance)
            && ValidateCombinators(schema, instance, walk)
            && instance.ValueKind switch
            {
                JsonValueKind.Number => ValidateNumber(schema, instance),
                JsonValueKind.String => ValidateString(schema, instance),
                JsonValueKind.Array => ValidateArray(schema, instance, walk),
                JsonValueKind.Object => ValidateObject(schema, instance, walk),
                _ => true,
            };
        return valid || walk.Fail();
    }

    private static bool ValidateType(JsonElement schema, JsonElement instance)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return true;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return IsOfType(instance, JsonText.Value(type));
        }

        return type.ValueKind != JsonValueKind.Array
            || type.EnumerateArray().Any(one => one.ValueKind == JsonValueKind.String
                && IsOfType(instance, JsonText.Value(one)));
    }

    // Draft 4: an integer is "a JSON number without a fraction or exponent part", so 1.0 and 1e2 are not;
    // API Gateway's Java validator reads them as decimals and refuses them too.
    private static bool IsOfType(JsonElement instance, string? type) => type switch
    {
        "array" => instance.ValueKind == JsonValueKind.Array,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => instance.ValueKind == JsonValueKind.Number && JsonText.IsWrittenAsInteger(instance),
        "null" => instance.ValueKind == JsonValueKind.Null,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "object" => instance.ValueKind == JsonValueKind.Object,
        "string" => instance.ValueKind == JsonValueKind.String,
        _ => false,
    };

    private static bool ValidateEnum(JsonElement schema, JsonElement instance)
    {
        if (!schema.TryGetProperty("enum", out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return true;
        }

        return JsonText.EqualityKey(instance) is { } key
            && values.EnumerateArray().Any(value => JsonText.EqualityKey(value) == key);
    }

    private bool ValidateCombinators(JsonElement schema, JsonElement instance, Walk walk)
    {
        if (schema.TryGetProperty("allOf", out var all) && all.ValueKind == JsonValueKind.Array
            && !all.EnumerateArray().All(one => Validate(one, instance, walk)))
        {
            return false;
        }

        // A branch of anyOf or oneOf that fails is no failure of the whole when another branch holds.
        var failedBefore = walk.FailedAt;
        if (schema.TryGetProperty("anyOf", out var any) && any.ValueKind == JsonValueKind.Array)
        {
            if (!any.EnumerateArray().Any(one => Validate(one, instance, walk)))
            {
                return false;
            }

            walk.FailedAt = failedBefore;
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.ValueKind == JsonValueKind.Array)
        {
            if (oneOf.EnumerateArray().Count(one => Validate(one, instance, walk)) != 1)
            {
                return false;
            }

            walk.FailedAt = failedBefore;
        }

        return !schema.TryGetProperty("not", out var not) || !Validate(not, instance, walk.Unrecorded());
    }

    private static bool ValidateNumber(JsonElement schema, JsonElement instance)
    {
        var value = instance.GetDouble();
        if (schema.TryGetProperty("multipleOf", out var divisor) && divisor.ValueKind == JsonValueKind.Number
            && !IsMultiple(instance, divisor))
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

    /// <summary>
    /// Whether the value is a whole multiple of the divisor, exactly as both are written: 0.3 of 0.1, 1E400 of 0.1
    /// and 1 of 5e-324 are, which neither decimals (too small a range) nor doubles (binary fractions) can say.
    /// </summary>
    private static bool IsMultiple(JsonElement instance, JsonElement divisor)
    {
        // value = a·10^p and divisor = b·10^q; with m = min(p, q), the value is a multiple when a·10^(p−m) is
        // divisible by b·10^(q−m), and one of the two powers is 10^0.
        var (_, valueDigits, p) = JsonText.ExactValue(instance);
        var (_, divisorDigits, q) = JsonText.ExactValue(divisor);
        if (valueDigits.Length == 0 || divisorDigits.Length == 0)
        {
            return valueDigits.Length == 0;
        }

        var a = BigInteger.Parse(valueDigits, CultureInfo.InvariantCulture);
        var b = BigInteger.Parse(divisorDigits, CultureInfo.InvariantCulture);
        if (q > p)
        {
            // A nonzero value with fewer digits than the divisor's power is smaller than the divisor.
            return q - p <= valueDigits.Length && a % (b * BigInteger.Pow(10, (int)(q - p))) == 0;
        }

        return a % b * BigInteger.ModPow(10, p - q, b) % b == 0;
    }

    private bool ValidateString(JsonElement schema, JsonElement instance)
    {
        // Bytes that are not UTF-8 are no string at all.
        if (JsonText.Value(instance) is not { } text)
        {
            return false;
        }

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
            || Matches(JsonText.Value(pattern), text);
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

    private bool ValidateArray(JsonElement schema, JsonElement instance, Walk walk)
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
            if (itemSchema is { } one && !ValidateChild(one, item, walk, index.ToString(CultureInfo.InvariantCulture)))
            {
                return false;
            }

            index++;
        }

        return true;
    }

    /// <summary>The schema (or false) for items beyond an 'items' list: null when any is allowed.</summary>
    private static JsonElement? AdditionalItems(JsonElement schema) =>
        schema.TryGetProperty("additionalItems", out var additional) ? additional : null;

    // Keys make this one pass: comparing every pair took minutes for a body of some thousand items.
    private static bool AreUnique(JsonElement array)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in array.EnumerateArray())
        {
            // A value with text that is not UTF-8 has no key; such a body is refused before it gets here.
            if (JsonText.EqualityKey(item) is not { } key || !seen.Add(key))
            {
                return false;
            }
        }

        return true;
    }

    private bool ValidateObject(JsonElement schema, JsonElement instance, Walk walk)
    {
        // A name whose bytes are not UTF-8 makes the object no JSON a validator can read.
        if (JsonText.Members(instance) is not { } members)
        {
            return false;
        }

        if ((Number(schema, "maxProperties") is { } maximum && members.Count > maximum)
            || (Number(schema, "minProperties") is { } minimum && members.Count < minimum))
        {
            return false;
        }

        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            && !HasAll(members, required))
        {
            return false;
        }

        return ValidateProperties(schema, members, walk) && ValidateDependencies(schema, instance, members, walk);
    }

    private static bool HasAll(Dictionary<string, JsonElement> members, JsonElement names) =>
        names.EnumerateArray().All(name => members.ContainsKey(JsonText.Value(name) ?? ""));

    private bool ValidateProperties(JsonElement schema, Dictionary<string, JsonElement> members, Walk walk)
    {
        schema.TryGetProperty("properties", out var properties);
        schema.TryGetProperty("patternProperties", out var patternProperties);
        schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var (name, value) in members)
        {
            // Patterns are tried on every member, whether or not one matches, so time is checked here too.
            walk.CheckTime();
            var matched = false;
            if (SchemaFor(properties, name) is { } own)
            {
                matched = true;
                if (!ValidateChild(own, value, walk, name))
                {
                    return false;
                }
            }

            if (patternProperties.ValueKind == JsonValueKind.Object)
            {
                foreach (var pattern in patternProperties.EnumerateObject())
                {
                    if (Matches(JsonText.Name(pattern), name))
                    {
                        matched = true;
                        if (!ValidateChild(pattern.Value, value, walk, name))
                        {
                            return false;
                        }
                    }
                }
            }

            if (!matched && additional.ValueKind != JsonValueKind.Undefined
                && !ValidateChild(additional, value, walk, name))
            {
                return false;
            }
        }

        return true;
    }

    private static JsonElement? SchemaFor(JsonElement properties, string name)
    {
        if (properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // TryGetProperty cannot take a name that holds a lone surrogate; such a name is compared as decoded.
        if (!name.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return properties.TryGetProperty(name, out var own) ? own : null;
        }

        return properties.EnumerateObject().Where(one => JsonText.Name(one) == name)
            .Select(one => (JsonElement?)one.Value).LastOrDefault();
    }

    private bool ValidateDependencies(
        JsonElement schema,
        JsonElement instance,
        Dictionary<string, JsonElement> members,
        Walk walk)
    {
        if (!schema.TryGetProperty("dependencies", out var dependencies)
            || dependencies.ValueKind != JsonValueKind.Object)
        {
            return true;
        }

        foreach (var dependency in dependencies.EnumerateObject())
        {
            if (!members.ContainsKey(JsonText.Name(dependency) ?? ""))
            {
                continue;
            }

            var satisfied = dependency.Value.ValueKind == JsonValueKind.Array
                ? HasAll(members, dependency.Value)
                : Validate(dependency.Value, instance, walk);
            if (!satisfied)
            {
                return false;
            }
        }

        return true;
    }

    private bool ValidateChild(JsonElement schema, JsonElement child, Walk walk, string step)
    {
        walk.Path?.Add(step);
        var valid = Validate(schema, child, walk);
        walk.Path?.RemoveAt(walk.Path.Count - 1);
        return valid;
    }

    /// <exception cref="TimeoutException">The pattern backtracked past its timeout on the text.</exception>
    private bool Matches(string? pattern, string text)
    {
        try
        {
            return pattern is not null && _patterns[pattern].IsMatch(text);
        }
        catch (RegexMatchTimeoutException exception)
        {
            // Neither a match nor a miss: calling it either would decide the request on a guess.
            throw new TimeoutException(
                $"the pattern '{pattern}' backtracked for over {PatternTimeout.TotalMilliseconds:0} ms on one " +
                $"value of {text.Length} characters; write it so that it cannot backtrack without end (no nested " +
                "repeats such as '(a+)+').",
                exception);
        }
    }

    /// <summary>The schema a local '#...' JSON pointer names, or null for another kind of reference.</summary>
    private JsonElement? Resolve(string reference) => ResolveWithPath(reference)?.Target;

    /// <summary>The schema a local '#...' pointer names, with its path written one way only.</summary>
    private (JsonElement Target, List<string> Path)? ResolveWithPath(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }

        // RFC 6901: the fragment is percent-decoded first, then it is empty (the whole schema) or '/'-separated
        // tokens, each with '~1' read as '/' and then '~0' as '~'; an empty token is a member named "".
        var pointer = Uri.UnescapeDataString(reference[1..]);
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            return null;
        }

        var target = _root;
        var path = new List<string>();
        foreach (var token in pointer.Length == 0 ? [] : pointer[1..].Split('/'))
        {
            var step = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(step, out var child))
            {
                target = child;
            }
            else if (target.ValueKind == JsonValueKind.Array
                && IsArrayIndex(step)
                && int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < target.GetArrayLength())
            {
                target = target[index];
                step = index.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                return null;
            }

            path.Add(step);
        }

        return (target, path);
    }

    // RFC 6901's array index: "0", or digits without a leading zero.
    private static bool IsArrayIndex(string step) =>
        step.Length > 0 && step.All(char.IsAsciiDigit) && (step.Length == 1 || step[0] != '0');

    /// <summary>A local '$ref' in the schema that points at nothing, or null.</summary>
    public string? UnresolvedReference() => FindUnresolved(_root);

    private string? FindUnresolved(JsonElement node) => FirstInTree(
        node,
        property => property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String
            && JsonText.Value(property.Value) is ['#', ..] reference && Resolve(reference) is null
                ? reference
                : null);

    /// <summary>
    /// The first answer <paramref name="visit"/> gives for a member of any object in the tree, depth first and in
    /// order, each member visited before what it holds; null when it gives none.
    /// </summary>
    private static string? FirstInTree(JsonElement node, Func<JsonProperty, string?> visit) => node.ValueKind switch
    {
        JsonValueKind.Object => node.EnumerateObject()
            .Select(property => visit(property) ?? FirstInTree(property.Value, visit))
            .FirstOrDefault(found => found is not null),
        JsonValueKind.Array => node.EnumerateArray()
            .Select(item => FirstInTree(item, visit))
            .FirstOrDefault(found => found is not null),
        _ => null,
    };

    private static double? Number(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : null;

    private static bool Flag(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Compiles every 'pattern' and 'patternProperties' key; returns the first that fails.</summary>
    private static string? CollectPatterns(JsonElement node, Dictionary<string, Regex> patterns) => FirstInTree(
        node,
        property => property.Name switch
        {
            "pattern" when property.Value.ValueKind == JsonValueKind.String =>
                Compile(JsonText.Value(property.Value) ?? "", patterns),
            "patternProperties" when property.Value.ValueKind == JsonValueKind.Object =>
                property.Value.EnumerateObject().Select(one => Compile(JsonText.Name(one) ?? "", patterns))
                    .FirstOrDefault(found => found is not null),
            _ => null,
        });

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
