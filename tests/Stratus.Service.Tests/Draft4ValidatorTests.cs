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

    [Theory]
    [InlineData("10", true)]
    [InlineData("10.0", true)]
    [InlineData("10.5", false)]
    [InlineData("\"10\"", false)]
    public void Accepts_Integer_TakesWholeNumbersOnly(string body, bool valid) =>
        Assert.Equal(valid, Accepts("""{"type": "integer"}""", body));

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

    private static bool Accepts(string schema, string body)
    {
        using var schemaDocument = JsonDocument.Parse(schema);
        using var bodyDocument = JsonDocument.Parse(body);
        var validator = Draft4Validator.Create(schemaDocument.RootElement, out _)!;
        return validator.Accepts(bodyDocument.RootElement);
    }
}
