namespace Stratus.Service;

/// <summary>A service as serverless.yml describes it for one stage, with every variable resolved.</summary>
public sealed record ServiceDefinition
{
    /// <summary>The service name (<c>service:</c>, or <c>service.name</c> in the old object form).</summary>
    public required string Name { get; init; }

    /// <summary>The full path of serverless.yml.</summary>
    public required string ConfigPath { get; init; }

    /// <summary>
    /// The full path of the folder that holds serverless.yml; relative paths in the file start here.
    /// </summary>
    public required string Directory { get; init; }

    /// <summary>The stage: <c>--stage</c>, else <c>provider.stage</c>, else <c>dev</c>.</summary>
    public required string Stage { get; init; }

    /// <summary>The region: <c>--region</c>, else <c>provider.region</c>, else <c>us-east-1</c>.</summary>
    public required string Region { get; init; }

    /// <summary>The provider settings, with defaults applied.</summary>
    public required ProviderDefinition Provider { get; init; }

    /// <summary>The functions, in the order they are written.</summary>
    public required IReadOnlyList<FunctionDefinition> Functions { get; init; }

    /// <summary>
    /// The whole resolved document, every key kept (unknown ones too), short-form tags in long form.
    /// </summary>
    public required ConfigNode Resolved { get; init; }

    /// <summary>
    /// Dotted paths of values that came from secret sources (such as <c>s3:</c> and <c>ssm:</c>); print masks
    /// them.
    /// </summary>
    public IReadOnlySet<string> SecretPaths { get; init; } = new HashSet<string>();

    /// <summary>
    /// What the file asks for that Stratus reads but does not follow (a frameworkVersion that excludes framework 3,
    /// plugins), as located warnings in line order; every command shows them.
    /// </summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];

    /// <summary>
    /// The full paths of the files the service was read from: the service file, every file a <c>${file()}</c>
    /// included, and, with <c>useDotenv: true</c>, the .env files looked for (which may not exist), so that a
    /// watcher knows when the service would read differently.
    /// </summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];

    /// <summary>Finds a function by its key in serverless.yml, or null.</summary>
    public FunctionDefinition? FindFunction(string key) =>
        Functions.FirstOrDefault(function => string.Equals(function.Key, key, StringComparison.Ordinal));
}
