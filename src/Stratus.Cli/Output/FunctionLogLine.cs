using System.Text;
using System.Text.Json;

namespace Stratus.Cli.Output;

/// <summary>
/// Renders the SDK's JSON log lines for people: time, level and message, then the exception.
/// Lines that are not such JSON (plain Console.WriteLine output, other runtimes) pass through unchanged.
/// </summary>
internal static class FunctionLogLine
{
    public static string Render(string line)
    {
        if (!line.StartsWith('{'))
        {
            return line;
        }

        try
        {
            using var entry = JsonDocument.Parse(line);
            return Render(entry.RootElement) ?? line;
        }
        catch (JsonException)
        {
            return line;
        }
    }

    private static string? Render(JsonElement entry)
    {
        if (!entry.TryGetProperty("level", out var level) || !entry.TryGetProperty("message", out var message))
        {
            return null;
        }

        var text = new StringBuilder();
        if (entry.TryGetProperty("timestamp", out var timestamp) && timestamp.TryGetDateTimeOffset(out var at))
        {
            text.Append(at.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }

        text.Append(ShortLevel(level.GetString())).Append(' ').Append(message.GetString());
        if (entry.TryGetProperty("exception", out var exception) && exception.ValueKind == JsonValueKind.String)
        {
            text.AppendLine().Append("    ").Append(exception.GetString()?.Replace("\n", "\n    ", StringComparison.Ordinal));
        }

        return text.ToString();
    }

    private static string ShortLevel(string? level) => level switch
    {
        "Trace" => "trce",
        "Debug" => "dbug",
        "Information" => "info",
        "Warning" => "warn",
        "Error" => "fail",
        "Critical" => "crit",
        _ => level ?? "info",
    };
}
