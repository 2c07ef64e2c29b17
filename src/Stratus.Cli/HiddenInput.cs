using System.Text;

namespace Stratus.Cli;

/// <summary>Reads a value typed at a terminal without showing it, as password prompts do.</summary>
internal static class HiddenInput
{
    /// <summary>
    /// Reads keys until Enter; Backspace takes back the last character, other control keys are ignored.
    /// </summary>
    /// <param name="readKey">Reads one key without echoing it (<c>Console.ReadKey(intercept: true)</c>).</param>
    public static string Read(Func<ConsoleKeyInfo> readKey)
    {
        ArgumentNullException.ThrowIfNull(readKey);

        var value = new StringBuilder();
        while (true)
        {
            var key = readKey();
            if (key.Key == ConsoleKey.Enter)
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
