namespace Stratus.Service.Tests;

/// <summary>How a user's value, and a whole message, are made safe and plain to echo on a terminal.</summary>
public sealed class DisplayTextTests
{
    // A value in a message is one line, and what cannot be seen for what it is shows as an escape: a trailing line
    // end of a 'schedule: |' block, a tab or a no-break space that looks like a space, an invisible format character.
    [Theory]
    [InlineData("rate(5 minutes)\n", @"rate(5 minutes)\n")]
    [InlineData("cron(0\r\n12 * * ? *)", @"cron(0\r\n12 * * ? *)")]
    [InlineData("cron(0\t12\u00a0* *\v? *)", @"cron(0\t12\u00a0* *\u000b? *)")]
    [InlineData("a\u2028b\u200bc\u202ed", @"a\u2028b\u200bc\u202ed")]
    [InlineData("red\u001b[31m", @"red\u001b[31m")]
    [InlineData("plain text, é 😀", "plain text, é 😀")]
    public void Escaped_Value_ShowsEveryUnseenCharacterAsAnEscape(string text, string expected)
    {
        Assert.Equal(expected, DisplayText.Escaped(text));
    }

    // A whole message keeps the line ends and tabs that lay it out, and any other white space its own text has
    // (a build tool's localized message may hold a no-break space); only control characters are escaped.
    [Fact]
    public void Escaped_WholeMessage_KeepsLayoutAndEscapesOnlyControlCharacters()
    {
        var text = DisplayText.Escaped("line one\n\tline\u00a0two\r\u001b[2J\u0007", keepLineBreaks: true);

        Assert.Equal("line one\n\tline\u00a0two\\r\\u001b[2J\\u0007", text);
    }
}
