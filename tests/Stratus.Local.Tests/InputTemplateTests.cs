using System.Text.Json.Nodes;

namespace Stratus.Local.Tests;

/// <summary>
/// Input templates filled as EventBridge fills them (eb-transform-target-input.html, and the InputTransformer
/// API reference: "The InputTemplate can also be valid JSON with variables in quotes or out").
/// </summary>
public sealed class InputTemplateTests
{
    private static readonly Dictionary<string, JsonNode?> Values = new()
    {
        ["t"] = "2026-12-05T01:43:00Z",
        ["instance"] = "i-0123456789",
        ["status"] = "RUNNING",
        ["count"] = 3,
        ["detail"] = new JsonObject { ["k"] = "v" },
    };

    [Fact]
    public void Render_VariableOutsideQuotes_InsertsItsJsonValue()
    {
        var template = InputTemplate.Parse("""{"time": <t>, "count": <count>}""", Values.Keys);

        var rendered = template.Render(Values);

        Assert.Equal("""{"time": "2026-12-05T01:43:00Z", "count": 3}""", rendered);
    }

    [Fact]
    public void Render_VariablesInsideAndOutsideQuotes_FillsAsTheApiReferenceShows()
    {
        var template = InputTemplate.Parse(
            """{"myInstance": <instance>,"myStatus": "<instance> is in state \"<status>\""}""",
            Values.Keys);

        var rendered = template.Render(Values);

        Assert.Equal(
            """{"myInstance": "i-0123456789","myStatus": "i-0123456789 is in state \"RUNNING\""}""",
            rendered);
    }

    [Fact]
    public void Render_QuotedTextTemplate_InsertsTheTextWithoutItsQuotes()
    {
        var template = InputTemplate.Parse("\"<instance> is in state <status>, <count> times\"", Values.Keys);

        var rendered = template.Render(Values);

        Assert.Equal("\"i-0123456789 is in state RUNNING, 3 times\"", rendered);
    }

    // AWS: an object referenced inside a string has its inner quotes removed to keep the string valid.
    [Fact]
    public void Render_ObjectInsideQuotes_DropsItsInnerQuotes()
    {
        var template = InputTemplate.Parse("""{"text": "detail is <detail>"}""", Values.Keys);

        var rendered = template.Render(Values);

        Assert.Equal("""{"text": "detail is {k:v}"}""", rendered);
    }

    [Fact]
    public void Render_VariableWithoutValue_FillsAsNull()
    {
        var template = InputTemplate.Parse("""{"gone": <gone>, "text": "[<gone>]"}""", ["gone"]);

        var rendered = template.Render(new Dictionary<string, JsonNode?>());

        Assert.Equal("""{"gone": null, "text": "[]"}""", rendered);
    }

    [Theory]
    [InlineData("""{"x": <nope>}""", "uses <nope>, which inputPathsMap does not define")]
    [InlineData("""{<t>: 1}""", "as an object key")]
    [InlineData("""{"e": "<aws.events.event>"}""", "allows it only as a JSON value")]
    [InlineData("""{"e": "<aws.events.event.json>"}""", "allows it only as a JSON value")]
    [InlineData("<t> fired", "is not JSON once its placeholders are filled")]
    [InlineData("""{"time": <t>""", "is not JSON once its placeholders are filled")]
    [InlineData("", "EventBridge takes 1 to 8192")]
    public void Parse_TemplateEventBridgeCannotFillAsJson_Throws(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => InputTemplate.Parse(text, ["t"]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PredefinedVariables_NeedNoPathsMapEntry()
    {
        var template = InputTemplate.Parse(
            """
            {"rule": <aws.events.rule-name>, "arn": "<aws.events.rule-arn>",
             "at": <aws.events.event.ingestion-time>}
            """,
            []);

        Assert.Equal(
            """
            {"rule": "r", "arn": "a",
             "at": null}
            """,
            template.Render(new Dictionary<string, JsonNode?>
            {
                ["aws.events.rule-name"] = "r",
                ["aws.events.rule-arn"] = "a",
            }));
    }
}
