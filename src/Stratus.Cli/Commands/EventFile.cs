using System.Text.Json;
using Stratus.Cli.Errors;
using Stratus.Service;

namespace Stratus.Cli.Commands;

/// <summary>A JSON or YAML file `invoke local` reads a document from: the event (--path) or a client context.</summary>
internal static class EventFile
{
    /// <summary>
    /// The full path of the file <paramref name="given"/> names. A relative path is looked for in the service
    /// folder first, as the framework's invoke reads it (lib/plugins/invoke.js joins it to the service folder),
    /// then in the current folder, where Stratus used to look: so a command that worked before still works, and
    /// one written for the framework works from any folder. When both hold it, the service folder's wins.
    /// </summary>
    public static string Resolve(string given, string option, string serviceDirectory, string currentDirectory)
    {
        string[] candidates = Path.IsPathRooted(given)
            ? [Path.GetFullPath(given)]
            : [Path.GetFullPath(given, serviceDirectory), Path.GetFullPath(given, currentDirectory)];
        candidates = [.. candidates.Distinct(StringComparer.Ordinal)];
        if (candidates.FirstOrDefault(File.Exists) is { } found)
        {
            return found;
        }

        throw candidates.FirstOrDefault(Directory.Exists) is { } folder
            ? CliErrors.EventPathIsFolder(option, folder)
            : CliErrors.EventFileMissing(option, given, candidates);
    }

    /// <summary>
    /// The file's document as JSON text: YAML when the name ends in .yml or .yaml, as the framework reads it,
    /// else JSON.
    /// </summary>
    /// <exception cref="ConfigException">The YAML is invalid; each error has the file's line and column.</exception>
    public static string ReadAsJson(string path, string option)
    {
        // A byte order mark (Windows tools write one) is neither JSON nor YAML; File.ReadAllText drops it.
        var text = File.ReadAllText(path);
        if (IsYaml(path))
        {
            return ServicePrinter.ToJson(ConfigYaml.Parse(text, path), indented: false);
        }

        try
        {
            using var parsed = JsonDocument.Parse(text, AnyDepth);
            return text;
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line
                ? $"{path}:{line + 1}:{error.BytePositionInLine + 1}"
                : path;
            throw CliErrors.EventFileIsNotJson(option, where, FirstSentence(error.Message));
        }
    }

    /// <summary>
    /// Whether the file is read as a document, JSON or YAML by its name (.json, .yml, .yaml), as the framework's
    /// readFileSync parses only those; it reads any other file as its text.
    /// </summary>
    public static bool IsDocument(string path) =>
        IsYaml(path) || Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase);

    private static bool IsYaml(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".yml" or ".yaml";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    // Lambda takes any valid JSON as an event, however deep; the parser keeps its nesting on the heap.
    private static readonly JsonDocumentOptions AnyDepth = new() { MaxDepth = int.MaxValue };
}
