using System.Text;

namespace Stratus.Cli;

/// <summary>Reads a value typed at a terminal without showing it, as password prompts do.</summary>
internal static class HiddenInput
{
    // Ctrl+D: a terminal's end of input.
    private const char EndOfTransmission = '\u0004';

    /// <summary>
    /// Reads keys until Enter or Ctrl+D (end of input, as at a shell's prompt); Backspace takes back the last
    /// character, other control keys are ignored.
    /// </summary>
    /// <param name="readKey">Reads one key without echoing it (<c>Console.ReadKey(intercept: true)</c>).</param>
    public static string Read(Func<ConsoleKeyInfo> readKey)
    {
        ArgumentNullException.ThrowIfNull(readKey);

        var value = new StringBuilder();
        while (true)
        {
            var key = readKey();
            if (key.Key == ConsoleKey.Enter || key.KeyChar == EndOfTransmission)
            {
                return value.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                value.Length = Math.Max(0, value.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                value.Append(key.KeyChar);
            }
        }
    }
}
