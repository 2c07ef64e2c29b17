using System.Text.Json;
using Stratus.Service.Internal.Json;

namespace Stratus.Service.Tests;

/// <summary>JSON Schema draft 4 as API Gateway's models use it, keyword by keyword.</summary>
public sealed class Draft4ValidatorTests
{
    // Draft 4's exclusiveMinimum is a boolean beside minimum (draft 6 made it a number of its own).
    [Theory]
    [InlineData("0", false)]
    [InlineData("0.5", true)]
    public void Accepts_ExclusiveMinimumAsBoolean_MakesTheMinimumStrict(string body, bool valid) =>
        Assert.Equal(valid, Accepts("""{"minimum": 0, "exclusiveMinimum": true}""", body));

    // Draft 4: an integer is "a JSON number without a fraction or exponent part"; 'number' takes both.
    [Theory]
    [InlineData("10", true)]
    [InlineData("-3", true)]
    [InlineData("10.0", false)]
    [InlineData("1e2", false)]
    [InlineData("10.5", false)]
    [InlineData("\"10\"", false)]
    public void Accepts_Integer_TakesOnlyNumbersWrittenWithoutFractionOrExponent(string body, bool valid) =>
        Assert.Equal(valid, Accepts("""{"type": "integer"}""", body));

    [Theory]
    [InlineData("10.0")]
    [InlineData("1e2")]
    public void Accepts_Number_TakesFractionsAndExponents(string body) =>
        Assert.True(Accepts("""{"type": "number"}""", body));

    // Draft 4 compares JSON numbers by value for enum and uniqueItems, so 1 and 1.0 are the same.
    [Theory]
    [InlineData("""{"enum": [1]}""", "1.0", true)]
    [InlineData("""{"enum": [{"a": [100]}]}""", """{"a": [1e2]}""", true)]
    [InlineData("""{"uniqueItems": true}""", "[1, 1.0]", false)]
    [InlineData("""{"uniqueItems": true}""", "[1, 2]", true)]
    public void Accepts_EnumAndUniqueItems_CompareNumbersByValue(string schema, string body, bool valid) =>
        Assert.Equal(valid, Accepts(schema, body));

    [Theory]
    [InlineData("""{"id": 1}""", true)]
    [InlineData("""{"id": 1, "extra": true}""", false)]
    [InlineData("""{}""", false)]
    public void Accepts_RequiredAndNoAdditionalProperties_RefusesMissingAndExtraKeys(string body, bool valid) =>
        Assert.Equal(
            valid,
            Accepts("""{"required": ["id"], "properties": {"id": {}}, "additionalProperties": false}""", body));

    [Theory]
    [InlineData("""{"items": [{"sku": "a-1"}]}""", true)]
    [InlineData("""{"items": [{"sku": "A1"}]}""", false)]
    public void Accepts_RefToDefinitionsWithPattern_ValidatesNestedItems(string body, bool valid) =>
        Assert.Equal(valid, Accepts(
            """
            {
              "definitions": {"item": {"properties": {"sku": {"type": "string", "pattern": "^[a-z]-[0-9]$"}}}},
              "properties": {"items": {"type": "array", "items": {"$ref": "#/definitions/item"}}}
            }
            """,
            body));

    [Theory]
    [InlineData("\"red\"", true)]
    [InlineData("\"pink\"", false)]
    [InlineData("3", true)]
    [InlineData("4", false)]
    public void Accepts_OneOfEnumOrMultipleOf_TakesAnyOneBranch(string body, bool valid) =>
        Assert.Equal(valid, Accepts(
            """{"oneOf": [{"type": "string", "enum": ["red", "blue"]}, {"type": "number", "multipleOf": 3}]}""",
            body));

    // JSON Schema counts characters as code points: one emoji is one character, not two UTF-16 units.
    [Fact]
    public void Accepts_MaxLength_CountsCodePoints() =>
        Assert.True(Accepts("""{"maxLength": 2}""", "\"\uD83D\uDE00a\""));

    [Theory]
    [InlineData("""["a"]""", true)]
    [InlineData("""["a", 1, 2]""", false)]
    public void Accepts_AdditionalItemsFalse_RefusesItemsBeyondTheList(string body, bool valid) =>
        Assert.Equal(
            valid,
            Accepts("""{"type": "array", "items": [{"type": "string"}], "additionalItems": false}""", body));

    [Theory]
    [InlineData("additionalItems", """["a", 1]""")]
    [InlineData("additionalProperties", """{"a": 1}""")]
    public void Accepts_AdditionalItemsOrPropertiesTrue_TakesAnyExtra(string keyword, string body) =>
        Assert.True(Accepts($$"""{"items": [{"type": "string"}], "{{keyword}}": true}""", body));

    // JSON's grammar allows a lone surrogate escape, which .NET's GetString refuses; it is one UTF-16 unit, as in
    // API Gateway's Java validator, and one character for maxLength.
    [Theory]
    [InlineData("""{"name": "\ud800x"}""", true)]
    [InlineData("""{"name": "\ud800xy"}""", false)]
    [InlineData("""{"\udc00": 1}""", false)]
    public void Accepts_LoneSurrogateEscape_IsReadAsOneUtf16UnitInsteadOfThrowing(string body, bool valid) =>
        Assert.Equal(valid, Accepts(
            """
            {
              "properties": {"name": {"type": "string", "maxLength": 2, "pattern": "x$"}},
              "additionalProperties": false
            }
            """,
            body));

    [Fact]
    public void Accepts_LoneSurrogateInEnum_ComparesWithoutThrowing() =>
        Assert.True(Accepts("""{"enum": ["\ud800", 1]}""", "\"\\ud800\""));

    [Fact]
    public void Accepts_StringBytesThatAreNotUtf8_AreInvalidInsteadOfThrowing()
    {
        using var schema = JsonDocument.Parse("""{"properties": {"a": {"pattern": "b"}}}""");
        byte[] bytes = [.. "{\"a\":\"ab"u8, 0xff, .. "\"}"u8];
        using var body = JsonDocument.Parse(bytes);

        var validator = Draft4Validator.Create(schema.RootElement, out _)!;

        Assert.False(validator.Accepts(body.RootElement));
    }

    // A decimal holds about 7.9e28 at most: larger divisors are checked as doubles, smaller ones stay exact.
    [Theory]
    [InlineData("1e30", "2e30", true)]
    [InlineData("1e30", "1.5e30", false)]
    [InlineData("1e30", "5", false)]
    [InlineData("0.01", "19.99", true)]
    [InlineData("0.01", "19.995", false)]
    public void Accepts_MultipleOfBeyondTheDecimalRange_ChecksWithoutOverflowing(
        string divisor,
        string body,
        bool valid) =>
        Assert.Equal(valid, Accepts($$"""{"multipleOf": {{divisor}}}""", body));

    // A loop that slipped past the load-time check must fail the request, not overflow the stack and end 'dev'.
    [Theory]
    [InlineData("""{"$ref": "#"}""")]
    [InlineData("""
        {
          "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"allOf": [{"$ref": "#/definitions/a"}]}},
          "properties": {"x": {"$ref": "#/definitions/a"}}
        }
        """)]
    public void Accepts_RefLoop_FailsInsteadOfOverflowingTheStack(string schema) =>
        Assert.False(Accepts(schema, """{"x": 1}"""));

    [Fact]
    public void Accepts_RecursiveSchemaAndABody256Deep_Validates()
    {
        var body = string.Concat(Enumerable.Repeat("""{"child": """, 255)) + "{}" + new string('}', 255);

        Assert.True(Accepts("""{"type": "object", "properties": {"child": {"$ref": "#"}}}""", body));
    }

    [Theory]
    [InlineData("""{"$ref": "#"}""", "/$ref")]
    [InlineData("""{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}}""",
        "/definitions/b/$ref")]
    [InlineData("""{"anyOf": [{"not": {"$ref": "#"}}]}""", "/anyOf/0/not/$ref")]
    [InlineData("""{"dependencies": {"a": {"oneOf": [{"$ref": "#"}]}}}""", "/dependencies/a/oneOf/0/$ref")]
    public void ReferenceLoop_BackToTheSameSchemaForTheSameValue_NamesTheRefThatClosesIt(string schema, string at)
    {
        var loop = Validator(schema).ReferenceLoop();

        Assert.Equal(at, Draft4Validator.Describe(Assert.IsAssignableFrom<IReadOnlyList<string>>(loop)));
    }

    [Theory]
    [InlineData("""{"properties": {"child": {"$ref": "#"}}}""")]
    [InlineData("""{"items": {"$ref": "#"}, "additionalProperties": {"$ref": "#"}}""")]
    [InlineData("""{"definitions": {"a": {"allOf": [{"$ref": "#/definitions/b"}]}, "b": {"type": "string"}}}""")]
    public void ReferenceLoop_RecursionThatGoesIntoTheValue_IsNone(string schema) =>
        Assert.Null(Validator(schema).ReferenceLoop());

    private static Draft4Validator Validator(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return Draft4Validator.Create(document.RootElement, out _)!;
    }

    // Exactly as written: neither a decimal's range nor a double's binary fractions decide.
    [Theory]
    [InlineData("0.01", "19.99", true)]
    [InlineData("0.1", "0.3", true)]
    [InlineData("0.1", "0.30000000000000004", false)]
    [InlineData("0.1", "1E400", true)]
    [InlineData("5e-324", "1", true)]
    [InlineData("3e-324", "1", false)]
    [InlineData("1e30", "5", false)]
    [InlineData("1e30", "3e30", true)]
    [InlineData("2.5", "-7.5", true)]
    [InlineData("7", "0", true)]
    [InlineData("0.1", "0.1000000000000000000000000000001", false)]
    public void Accepts_MultipleOf_DecidesExactlyAsWritten(string divisor, string body, bool valid) =>
        Assert.Equal(valid, Accepts($$"""{"multipleOf": {{divisor}}}""", body));

    // RFC 6901 pointers: an empty token names the member "", '~1' and '~0' are '/' and '~', and a fragment is
    // percent-decoded before it is split.
    [Theory]
    [InlineData("#/definitions/", "\"text\"", false)]
    [InlineData("#/definitions/", "1", true)]
    [InlineData("#/definitions/a~1b", "1", true)]
    [InlineData("#/definitions/m~0n", "1", true)]
    [InlineData("#/definitions/a%2Fb", "\"text\"", true)]
    public void Accepts_RefPointer_IsReadAsRfc6901Says(string reference, string body, bool valid)
    {
        var definitions = """
            {"": {"type": "integer"}, "a/b": {"type": "integer"}, "m~n": {"type": "integer"},
             "a": {"b": {"type": "string"}}}
            """;
        var schema = "{\"definitions\": " + definitions + ", \"properties\": " + Ref(reference) + "}";

        Assert.Equal(valid, Accepts(schema, "{\"v\": " + body + "}"));
    }

    [Theory]
    [InlineData("#definitions/x")]
    [InlineData("#/items/01")]
    public void UnresolvedReference_PointerRfc6901DoesNotRead_IsReported(string reference)
    {
        using var schema = JsonDocument.Parse(
            """{"definitions": {"x": {}}, "items": [{}, {}], "properties": """ + Ref(reference) + "}");

        var validator = Draft4Validator.Create(schema.RootElement, out _)!;

        Assert.Equal(reference, validator.UnresolvedReference());
    }

    // Numbers compare by their exact value whatever their exponent: a double or a decimal would overflow or round.
    [Theory]
    [InlineData("[1e99999999999999999999, 2e99999999999999999999]", true)]
    [InlineData("[1e99999999999999999999, 10e99999999999999999998]", false)]
    [InlineData("[1e-2147483649, 0]", true)]
    [InlineData("[0.1, 0.10000000000000000000000000000000001]", true)]
    [InlineData("[-0, 0, 0.0]", false)]
    [InlineData("[120, 1.2e2, 12E1]", false)]
    public void Accepts_UniqueItemsOverNumbers_ComparesExactValues(string body, bool valid) =>
        Assert.Equal(valid, Accepts("""{"uniqueItems": true}""", body));

    // Objects are equal whatever the order of their members; each item is keyed once, so 20,000 items are quick.
    [Fact]
    public void Accepts_UniqueItemsOverManyObjects_FindsTheOneRepeatedInAnyMemberOrder()
    {
        var items = Enumerable.Range(0, 20_000).Select(i => $$"""{"a": {{i}}, "b": "x"}""").ToList();
        var unique = "[" + string.Join(",", items) + "]";
        var repeated = "[" + string.Join(",", items) + """,{"b": "x", "a": 19999.0}]""";

        Assert.True(Accepts("""{"uniqueItems": true}""", unique));
        Assert.False(Accepts("""{"uniqueItems": true}""", repeated));
    }

    // A model can make a body slow to check (here anyOf branches that each refer to the next definition twice,
    // 2^24 paths): past the budget the check ends instead of holding the request.
    [Fact]
    public void Accepts_CheckPastItsBudget_ThrowsTimeoutInsteadOfRunningOn()
    {
        var links = Enumerable.Range(0, 24).Select(i =>
            $$"""
            "d{{i}}": {"anyOf": [{"$ref": "#/definitions/d{{i + 1}}"}, {"$ref": "#/definitions/d{{i + 1}}"}]}
            """);
        var definitions = string.Join(",", links) + """, "d24": {"type": "string"}""";
        using var schema = JsonDocument.Parse($$"""{"definitions": { {{definitions}} }, "$ref": "#/definitions/d0"}""");
        using var body = JsonDocument.Parse("1");
        var validator = Draft4Validator.Create(schema.RootElement, out _)!;

        Assert.Throws<TimeoutException>(() => validator.Accepts(body.RootElement, TimeSpan.FromMilliseconds(300)));
    }

    // A pattern that backtracks past its timeout neither matches nor misses: the check ends, saying which pattern.
    [Fact]
    public void Accepts_PatternBacktrackingPastItsTimeout_ThrowsNamingThePattern()
    {
        using var schema = JsonDocument.Parse("""{"patternProperties": {"^(a+)+$": {"type": "string"}}}""");
        using var body = JsonDocument.Parse($$"""{"{{new string('a', 40)}}!": 1}""");
        var validator = Draft4Validator.Create(schema.RootElement, out _)!;

        var timeout = Assert.Throws<TimeoutException>(() => validator.Accepts(body.RootElement));

        Assert.Contains("'^(a+)+$'", timeout.Message, StringComparison.Ordinal);
    }

    // Properties whose one member 'v' is a $ref to the pointer.
    private static string Ref(string reference) => "{\"v\": {\"$ref\": \"" + reference + "\"}}";

    private static bool Accepts(string schema, string body)
    {
        var deep = new JsonDocumentOptions { MaxDepth = 256 };
        using var schemaDocument = JsonDocument.Parse(schema);
        using var bodyDocument = JsonDocument.Parse(body, deep);
        var validator = Draft4Validator.Create(schemaDocument.RootElement, out _)!;
        return validator.Accepts(bodyDocument.RootElement);
    }
}
