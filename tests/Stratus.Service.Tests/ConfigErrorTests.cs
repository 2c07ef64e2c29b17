using System.Reflection;
using System.Text.RegularExpressions;

namespace Stratus.Service.Tests;

public sealed class ConfigErrorTests
{
    [Fact]
    public void Format_WithSourceLine_MatchesStyleGuide()
    {
        var error = new ConfigError(
            "STR1203",
            new SourceSpan("serverless.yml", 14, 17, 2),
            "function 'orders' has memorySize 64, below the Lambda minimum.",
            "use a whole number of MB from 128 to 10240.");

        var text = error.Format("    memorySize: 64");

        Assert.Equal(
            "serverless.yml:14:17: error STR1203: function 'orders' has memorySize 64, below the Lambda minimum.\n" +
            "    memorySize: 64\n" +
            "                ^^\n" +
            "  fix: use a whole number of MB from 128 to 10240.",
            text);
    }

    // A control character in the source line is shown escaped, as the whole error is (\v as \u000b), and the
    // carets count the escapes, so they stay under the marked text.
    [Fact]
    public void Format_SourceLineWithControlCharacters_ShowsThemEscapedWithTheCaretsUnderTheMarkedText()
    {
        var error = new ConfigError("STR1224", new SourceSpan("s.yml", 3, 15, 15), "bad.", "fix it.");

        var text = error.Format("  - schedule:\vrate(5\vhours) # x");

        Assert.Equal(
            "s.yml:3:15: error STR1224: bad.\n" +
            "    - schedule:\\u000brate(5\\u000bhours) # x\n" +
            "                     ^^^^^^^^^^^^^^^^^^^^\n" +
            "  fix: fix it.",
            text);
    }

    [Fact]
    public void Format_SourceLineEmpty_StillMarksOneColumn()
    {
        var error = new ConfigError("STR1002", new SourceSpan("s.yml", 1, 1, 3), "bad.", "fix it.");

        Assert.Equal("s.yml:1:1: error STR1002: bad.\n    \n    ^\n  fix: fix it.", error.Format(string.Empty));
    }

    [Fact]
    public void Format_WithoutSourceLine_HasHeaderAndFix()
    {
        var error = new ConfigError("STR1001", new SourceSpan("s.yml", 1, 1, 1), "missing.", "create it.");

        Assert.Equal("s.yml:1:1: error STR1001: missing.\n  fix: create it.", error.Format());
    }

    [Fact]
    public void ConfigException_Message_JoinsAllErrors()
    {
        var errors = new[]
        {
            new ConfigError("STR1116", new SourceSpan("s.yml", 2, 1, 1), "first.", "fix one."),
            new ConfigError("STR1116", new SourceSpan("s.yml", 3, 1, 1), "second.", "fix two."),
        };

        var exception = new ConfigException(errors);

        Assert.Contains("first.", exception.Message, StringComparison.Ordinal);
        Assert.Contains("second.", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, exception.Errors.Count);
    }

    [Fact]
    public void Codes_AreUniqueListedAndWellFormed()
    {
        var constants = typeof(ConfigErrorCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToArray();

        Assert.Equal(constants.Length, constants.Distinct(StringComparer.Ordinal).Count());
        Assert.All(constants, code => Assert.Matches(new Regex("^STR1[0-9]{3}$"), code));
        Assert.Equal(constants.Order(StringComparer.Ordinal), ConfigErrorCodes.All.Keys);
        Assert.All(ConfigErrorCodes.All.Values, description => Assert.False(string.IsNullOrWhiteSpace(description)));
    }
}
