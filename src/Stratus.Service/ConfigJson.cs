using Stratus.Service.Internal;
using Stratus.Service.Internal.Json;
using Stratus.Service.Internal.Tree;

namespace Stratus.Service;

/// <summary>
/// Reads JSON into a <see cref="ConfigNode"/> tree as JSON.parse reads it, leaving variables as written.
/// </summary>
public static class ConfigJson
{
    /// <summary>
    /// Whether a service or included file is read as JSON: the framework parses a '.json' file with JSON.parse
    /// (configuration/read.js, and the file source), never as YAML.
    /// </summary>
    public static bool IsJsonPath(string path) =>
        string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one JSON value; every node knows its line and column, counted in characters.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="file">The file name errors and spans should show.</param>
    /// <exception cref="ConfigException">The JSON is invalid (a comment, a trailing comma, ...).</exception>
    public static ConfigNode Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);

        var errors = new List<ConfigError>();
        var root = JsonLoader.Load(text, file, errors);
        if (root is null || errors.Count > 0)
        {
            var files = new SourceFiles();
            files.Add(file, text);
            throw new ConfigException(errors, files.Line);
        }

        return TreeConversion.Freeze(root);
    }
}
