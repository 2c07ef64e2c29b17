using System.Text;
using System.Text.Json;

namespace Stratus.Cli.Output;

/// <summary>
/// Renders the SDK's JSON log lines for people: time, level and message, then the exception.
/// Lines that are not such JSON (plain Console.WriteLine output, other runtimes' and libraries' JSON logs, such as
/// Powertools' with its "INFO" levels and object messages) pass through unchanged, every field kept.
/// </summary>
internal static class FunctionLogLine
{
    // The level names the SDK writes (its LogLevels.Name), and how the console shows them.
    private static readonly Dictionary<string, string> SdkLevels = new(StringComparer.Ordinal)
    {
        ["Trace"] = "trce",
        ["Debug"] = "dbug",
        ["Information"] = "info",
        ["Warning"] = "warn",
        ["Error"] = "fail",
        ["Critical"] = "crit",
    };

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

    /// <summary>The line as the console shows it, or null when it is not in the SDK's shape.</summary>
    private static string? Render(JsonElement entry)
    {
        if (!IsSdkLine(entry, out var level, out var message))
        {
            return null;
        }

        var text = new StringBuilder();
        if (entry.TryGetProperty("timestamp", out var timestamp) && timestamp.TryGetDateTimeOffset(out var at))
        {
            text.Append(at.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }

        text.Append(level).Append(' ').Append(message);
        if (entry.TryGetProperty("exception", out var exception) && exception.ValueKind == JsonValueKind.String)
        {
            text.AppendLine().Append("    ").Append(exception.GetString()?.Replace("\n", "\n    ", StringComparison.Ordinal));
        }

        return text.ToString();
    }

    // The SDK writes level and message as strings, a level by its .NET name, and a timestamp as an ISO 8601 string.
    private static bool IsSdkLine(JsonElement entry, out string level, out string message)
    {
        level = message = string.Empty;
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("level", out var levelValue) || levelValue.ValueKind != JsonValueKind.String
            || !SdkLevels.TryGetValue(levelValue.GetString()!, out level!)
            || !entry.TryGetProperty("message", out var messageValue) || messageValue.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        message = messageValue.GetString()!;
        return !entry.TryGetProperty("timestamp", out var timestamp) || timestamp.ValueKind == JsonValueKind.String;
    }
}
