using System.Text.Json.Nodes;

namespace Stratus.Local.Tests;

/// <summary>
/// JSON paths as EventBridge evaluates them for inputPath and inputPathsMap (eb-transform-target-input.html:
/// dot notation, dashes, underscores, alphanumerics, forward slashes, array indices and wildcards).
/// </summary>
public sealed class EventPathTests
{
    private static readonly JsonNode Event = JsonNode.Parse("""
        {
          "time": "2026-12-05T01:43:00Z",
          "resources": ["arn:one", "arn:two"],
          "detail": { "instance-id": "i-1", "state_now": "RUNNING", "a/b": 1, "items": [{ "n": 1 }, { "n": 2 }] }
        }
        """)!;

    [Theory]
    [InlineData("$.time", "\"2026-12-05T01:43:00Z\"")]
    [InlineData("$.detail.instance-id", "\"i-1\"")]
    [InlineData("$.detail.state_now", "\"RUNNING\"")]
    [InlineData("$.detail.a/b", "1")]
    [InlineData("$.resources[1]", "\"arn:two\"")]
    [InlineData("$.detail.items[0].n", "1")]
    public void Select_SupportedPath_ReturnsTheValueItNames(string path, string expected)
    {
        var selected = EventPath.Parse(path).Select(Event, out var found);

        Assert.True(found);
        Assert.Equal(expected, selected!.ToJsonString());
    }

    [Fact]
    public void Select_Dollar_ReturnsTheWholeEvent()
    {
        var selected = EventPath.Parse("$").Select(Event, out var found);

        Assert.True(found);
        Assert.Same(Event, selected);
    }

    [Theory]
    [InlineData("$.resources[*]", """["arn:one","arn:two"]""")]
    [InlineData("$.detail.items.*.n", "[1,2]")]
    public void Select_Wildcard_ReturnsAnArrayOfEveryMatch(string path, string expected)
    {
        var selected = EventPath.Parse(path).Select(Event, out var found);

        Assert.True(found);
        Assert.Equal(expected, selected!.ToJsonString());
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.resources[5]")]
    [InlineData("$.time.deeper")]
    public void Select_PathMatchingNothing_ReportsNotFound(string path)
    {
        var selected = EventPath.Parse(path).Select(Event, out var found);

        Assert.False(found);
        Assert.Null(selected);
    }

    [Theory]
    [InlineData("detail", "does not start with '$'")]
    [InlineData("$..id", "'..' (recursive descent)")]
    [InlineData("$['detail']", "'['detail']'")]
    [InlineData("$.items[?(@.n)]", "'[?(@.n)]'")]
    [InlineData("$.items[0:2]", "'[0:2]'")]
    [InlineData("$.items[-1]", "'[-1]'")]
    [InlineData("$.a b", "' ' at position 4")]
    [InlineData("$.items[0", "an unclosed '['")]
    public void Parse_SyntaxOutsideEventBridgeSubset_ThrowsNamingIt(string path, string expected)
    {
        var error = Assert.Throws<FormatException>(() => EventPath.Parse(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
