using System.Text.RegularExpressions;

namespace Stratus.Service.Internal.Model;

/// <summary>
/// Builds the typed service model from the resolved document, collecting every error it finds.
/// </summary>
internal sealed partial class ServiceModelBuilder
{
    private readonly ConfigMapping _root;
    private readonly ModelReader _read;
    private readonly SourceSpan _documentStart;
    private readonly List<ConfigError> _warnings = [];

    // Set by ServiceName() when the name is valid: the stage check needs it for the stack name's length.
    private string? _serviceName;

    private ServiceModelBuilder(ConfigMapping root, string configFile, List<ConfigError> errors)
    {
        _root = root;
        _read = new ModelReader(errors);
        _documentStart = new SourceSpan(configFile, 1, 1, 1);
    }

    /// <summary>
    /// Builds the model; returns null when errors were found (they are in <paramref name="errors"/>). A check's
    /// error at one of the <c>placeholders</c>, where a value holding a stand-in (print's <c>***</c>) was written,
    /// is dropped: it judged the stand-in, not the real value. The model's warnings (frameworkVersion, plugins) are
    /// added to <paramref name="warnings"/> in line order whether or not there are errors, so that a command that
    /// fails still shows them.
    /// </summary>
    public static ServiceDefinition? Build(
        ConfigMapping root,
        string configFile,
        string configFullPath,
        ServiceLoadOptions options,
        IReadOnlySet<string> secretPaths,
        List<ConfigError> errors,
        List<ConfigError> warnings,
        IReadOnlySet<(string File, int Line, int Column)>? placeholders = null)
    {
        var builder = new ServiceModelBuilder(root, configFile, errors);
        var errorsBefore = errors.Count;

        var name = builder.ServiceName();
        var provider = builder.Provider(options);
        var functions = builder.Functions(name ?? "service", provider);
        builder.CheckFrameworkVersion();
        builder.CheckPlugins();
        var found = builder._warnings.OrderBy(warning => warning.At.Line).ThenBy(warning => warning.At.Column).ToList();
        warnings.AddRange(found);
        if (placeholders is { Count: > 0 })
        {
            errors.RemoveAll(error => placeholders.Contains((error.At.File, error.At.Line, error.At.Column)));
        }

        if (errors.Count > errorsBefore || name is null || provider is null)
        {
            return null;
        }

        return new ServiceDefinition
        {
            Name = name,
            ConfigPath = configFullPath,
            Directory = Path.GetDirectoryName(configFullPath) ?? configFullPath,
            Stage = provider.Stage,
            Region = provider.Region,
            Provider = provider,
            Functions = functions,
            Resolved = root,
            SecretPaths = secretPaths,
            Warnings = found,
        };
    }

    private string? ServiceName()
    {
        var node = _root["service"];
        if (node is ConfigMapping legacy)
        {
            // Framework v3 refuses the old object form outright ("Object notation for "service" property is not
            // supported"), so Stratus does too: a file that only Stratus accepted would not deploy with the framework.
            var written = legacy["name"] is ConfigScalar { IsNull: false } named ? named.ToText() : "my-service";
            _read.Error(
                ConfigErrorCodes.ServiceObjectNotation,
                node.At,
                "the service is written as an object ('service: { name: ... }'), which the framework v3 refuses.",
                $"write the name directly: 'service: {written}'.");
            return null;
        }

        if (node is null or ConfigScalar { IsNull: true } || node is ConfigScalar { Value: "" })
        {
            _read.Error(
                ConfigErrorCodes.ServiceNameMissing,
                node?.At ?? _documentStart,
                "the service has no name.",
                "add 'service: my-service' at the top of serverless.yml.");
            return null;
        }

        var name = node is ConfigScalar scalar ? scalar.ToText() : null;
        if (name is null || !ServiceNamePattern().IsMatch(name))
        {
            _read.Error(
                ConfigErrorCodes.ServiceNameInvalid,
                node.At,
                $"the service name '{DisplayText.Escaped(name ?? ModelReader.Shown(node))}' is not letters, digits " +
                "and hyphens starting with a letter.",
                "rename the service, for example 'users-service'; the name becomes part of the stack name.");
            return null;
        }

        _serviceName = name;
        return name;
    }

    [GeneratedRegex("^[a-zA-Z][0-9a-zA-Z-]*\\z")]
    private static partial Regex ServiceNamePattern();
}
