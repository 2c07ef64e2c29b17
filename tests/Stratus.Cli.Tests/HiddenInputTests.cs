namespace Stratus.Cli.Tests;

/// <summary>The prompt of 'secrets set' at a terminal: keys read without echo until Enter.</summary>
public sealed class HiddenInputTests
{
    [Fact]
    public void Read_CharactersThenEnter_ReturnsWhatWasTyped()
    {
        Assert.Equal("p@ss wörd", HiddenInput.Read(Keys("p@ss wörd\r")));
    }

    [Fact]
    public void Read_Backspace_TakesBackTheLastCharacter()
    {
        Assert.Equal("abd", HiddenInput.Read(Keys("abc\bd\r")));
    }

    [Fact]
    public void Read_BackspaceOnNothing_LeavesItEmpty()
    {
        Assert.Equal("x", HiddenInput.Read(Keys("\b\bx\r")));
    }

    [Fact]
    public void Read_OtherControlKeys_AreNotPartOfTheValue()
    {
        Assert.Equal("ab", HiddenInput.Read(Keys("a\tb\r")));
    }

    [Fact]
    public void Read_CtrlD_EndsTheValueAsEndOfInput()
    {
        Assert.Equal("ab", HiddenInput.Read(Keys("ab\u0004never read")));
    }

    private static Func<ConsoleKeyInfo> Keys(string typed)
    {
        var queue = new Queue<ConsoleKeyInfo>(typed.Select(ToKey));
        return queue.Dequeue;
    }

    private static ConsoleKeyInfo ToKey(char typed) => typed switch
    {
        '\r' => new ConsoleKeyInfo('\r', ConsoleKey.Enter, shift: false, alt: false, control: false),
        '\b' => new ConsoleKeyInfo('\b', ConsoleKey.Backspace, shift: false, alt: false, control: false),
        '\t' => new ConsoleKeyInfo('\t', ConsoleKey.Tab, shift: false, alt: false, control: false),
        _ => new ConsoleKeyInfo(typed, ConsoleKey.NoName, shift: false, alt: false, control: false),
    };
}
