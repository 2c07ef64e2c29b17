using Stratus.Service.Internal;
using Stratus.Service.Internal.Tree;
using Stratus.Service.Internal.Yaml;

namespace Stratus.Service;

/// <summary>Reads YAML into a <see cref="ConfigNode"/> tree without resolving variables.</summary>
public static class ConfigYaml
{
    /// <summary>Parses one YAML document; every node knows its line and column.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="file">The file name errors and spans should show.</param>
    /// <param name="expandShortForms">Whether to turn <c>!Ref X</c> into <c>{Ref: X}</c> (the framework's
    /// form); when false the tags are kept.</param>
    /// <exception cref="ConfigException">The YAML is invalid (bad indentation, a tab, a duplicate key,
    /// ...).</exception>
    public static ConfigNode Parse(string text, string file, bool expandShortForms = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);

        var errors = new List<ConfigError>();
        var root = YamlLoader.Load(text, file, errors, expandShortForms);
        if (root is null || errors.Count > 0)
        {
            var files = new SourceFiles();
            files.Add(file, text);
            throw new ConfigException(errors, files.Line);
        }

        return TreeConversion.Freeze(root);
    }
}
