using System.Security.Cryptography;
using Stratus.Service.Internal;
using Stratus.Service.Internal.Json;
using Stratus.Service.Internal.Model;
using Stratus.Service.Internal.Tree;
using Stratus.Service.Internal.Variables;
using Stratus.Service.Internal.Yaml;

namespace Stratus.Service;

/// <summary>
/// Loads serverless.yml the way the Serverless Framework v3 reads it: YAML (serverless.json: JSON), variables, then
/// the model.
/// </summary>
public static class ServiceLoader
{
    /// <summary>Loads and resolves a service for one stage.</summary>
    /// <param name="configPath">The path of serverless.yml; errors show it as given.</param>
    /// <param name="options">CLI options, params, environment and external sources.</param>
    /// <exception cref="ConfigException">The configuration has errors; all of them are listed.</exception>
    public static ServiceDefinition Load(string configPath, ServiceLoadOptions options)
    {
        // The built-in sources never wait, so this completes synchronously; only a registered external source that
        // does real I/O blocks here. Callers with such sources should prefer LoadAsync.
        return LoadAsync(configPath, options, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Loads and resolves a service for one stage, awaiting external sources (s3:, ssm:, cf:).
    /// </summary>
    /// <exception cref="ConfigException">The configuration has errors; all of them are listed.</exception>
    public static async Task<ServiceDefinition> LoadAsync(
        string configPath,
        ServiceLoadOptions options,
        CancellationToken cancellationToken = default)
    {
        var (service, _) = await LoadWithStatsAsync(configPath, options, cancellationToken);
        return service;
    }

    internal static async Task<(ServiceDefinition Service, ResolutionStats Stats)> LoadWithStatsAsync(
        string configPath,
        ServiceLoadOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        ArgumentNullException.ThrowIfNull(options);

        var fullPath = Path.GetFullPath(configPath);
        var files = new SourceFiles();
        var errors = new List<ConfigError>();
        var root = ReadDocument(configPath, fullPath, files, errors);

        // Only a file that names useDotenv pays for reading its settings a second time.
        var dotenv = options.Dotenv
            ?? (root.Entries.Any(entry => entry.Key == UseDotenvKey)
                ? await ReadDotenvAsync(configPath, options, cancellationToken)
                : DotenvVariables.Disabled);
        options = options with { Dotenv = dotenv, Environment = dotenv.ApplyTo(options.Environment) };
        var settings = new ResolverSettings(
            Path.GetDirectoryName(fullPath) ?? fullPath,
            Path.IsPathRooted(configPath),
            options,
            files,
            errors,
            options.InstanceId ?? NewInstanceId());
        var resolver = new VariableResolver(root, settings);
        await resolver.ResolveAllAsync(cancellationToken);
        ThrowIfAny(errors, files, configPath, resolver.Secrets);

        TreeSize.CheckExpandedSize(root, errors);
        ThrowIfAny(errors, files, configPath, resolver.Secrets);

        resolver.ReportSecretsNeverDecrypted();
        ThrowIfAny(errors, files, configPath, resolver.Secrets);

        var resolved = (ConfigMapping)TreeConversion.Freeze(root);
        var modelWarnings = new List<ConfigError>();
        var service = ServiceModelBuilder.Build(
            resolved, configPath, fullPath, options, resolver.SecretPaths, errors, modelWarnings,
            resolver.Placeholders);
        // The warnings go with errors only: a service that loads has them found once, by ConfigWarnings.Find.
        var warnings = errors.Count > 0 ? ConfigWarnings.Find(resolved, modelWarnings) : null;
        ThrowIfAny(errors, files, configPath, resolver.Secrets, warnings);
        return (service! with { ConfigFiles = ConfigFilesOf(fullPath, files, dotenv) }, resolver.Stats);
    }

    private const string UseDotenvKey = "useDotenv";

    private static List<string> ConfigFilesOf(string fullPath, SourceFiles files, DotenvVariables? dotenv)
    {
        var directory = Path.GetDirectoryName(fullPath) ?? fullPath;
        var dotenvFiles = (dotenv?.FilesLookedAt ?? []).Select(name => Path.Combine(directory, name));
        return [.. files.Paths.Prepend(fullPath).Concat(dotenvFiles).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The variables framework v3 loads from the service folder when the file sets <c>useDotenv: true</c>:
    /// <c>.env.{stage}</c> if it exists, otherwise <c>.env</c>. The stage is <c>--stage</c>, else
    /// <c>provider.stage</c>, else 'dev', resolved, like <c>useDotenv</c>, without the .env variables (as the
    /// framework resolves them before loading the file). Callers that use the environment for more than
    /// <c>${env:}</c> (AWS settings) apply these too, then pass them in <see cref="ServiceLoadOptions.Dotenv"/>.
    /// </summary>
    /// <exception cref="ConfigException">A .env file exists but cannot be read.</exception>
    public static async Task<DotenvVariables> ReadDotenvAsync(
        string configPath,
        ServiceLoadOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        ArgumentNullException.ThrowIfNull(options);

        var fullPath = Path.GetFullPath(configPath);
        var directory = Path.GetDirectoryName(fullPath) ?? fullPath;
        var (enabled, stage) = await DotenvSettingsAsync(configPath, fullPath, options, cancellationToken);
        if (!enabled)
        {
            return DotenvVariables.Disabled;
        }

        var looked = new List<string>();
        foreach (var name in new[] { $".env.{stage}", ".env" })
        {
            looked.Add(name);
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                var parsed = DotenvParser.Parse(ReadDotenvFile(path, name));
                return new DotenvVariables
                {
                    Enabled = true,
                    FilesLookedAt = looked,
                    FileRead = name,
                    Variables = DotenvParser.Expand(parsed, options.Environment),
                };
            }
        }

        return new DotenvVariables { Enabled = true, FilesLookedAt = looked };
    }

    /// <summary>
    /// useDotenv and the stage, resolved on a copy of the document without external sources; a file that does
    /// not read or resolve here loads no .env, and the full load then reports why.
    /// </summary>
    private static async Task<(bool Enabled, string Stage)> DotenvSettingsAsync(
        string configPath,
        string fullPath,
        ServiceLoadOptions options,
        CancellationToken cancellationToken)
    {
        MMapping root;
        try
        {
            root = ReadDocument(configPath, fullPath, new SourceFiles(), []);
        }
        catch (ConfigException)
        {
            return (false, "dev");
        }

        if (!root.Entries.Any(entry => entry.Key == UseDotenvKey))
        {
            return (false, "dev");
        }

        var settings = new ResolverSettings(
            Path.GetDirectoryName(fullPath) ?? fullPath,
            Path.IsPathRooted(configPath),
            options with { ExternalSources = new Dictionary<string, IVariableSource>() },
            new SourceFiles(),
            [],
            options.InstanceId ?? NewInstanceId());
        var resolver = new VariableResolver(root, settings);
        var useDotenv = await resolver.ResolveSettingAsync([UseDotenvKey], cancellationToken);
        var enabled = useDotenv is MScalar { Kind: ScalarKind.Boolean or ScalarKind.Text } flag
            && string.Equals(flag.Text, "true", StringComparison.OrdinalIgnoreCase);
        return (enabled, enabled ? await resolver.ResolveStageAsync(cancellationToken) ?? "dev" : "dev");
    }

    private static string ReadDotenvFile(string path, string name)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(
                ConfigErrorCodes.FileUnreadable,
                SourceSpan.WholeFile(path),
                $"the file '{name}', which useDotenv: true loads, cannot be read: {error.Message.TrimEnd('.')}.",
                "check that the file is readable by the current user, or remove it.")]);
        }
    }

    private static MMapping ReadDocument(
        string configPath,
        string fullPath,
        SourceFiles files,
        List<ConfigError> errors)
    {
        if (!File.Exists(fullPath))
        {
            throw new ConfigException([new ConfigError(
                ConfigErrorCodes.ConfigFileNotFound,
                SourceSpan.WholeFile(configPath),
                $"the configuration file '{configPath}' does not exist.",
                "run the command in the folder that holds serverless.yml, or pass the path to it.")]);
        }

        RefuseScript(configPath);

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([new ConfigError(
                ConfigErrorCodes.FileUnreadable,
                SourceSpan.WholeFile(configPath),
                $"the configuration file '{configPath}' cannot be read: {error.Message.TrimEnd('.')}.",
                "check that the file is readable by the current user.")]);
        }

        files.Add(configPath, text);
        // The framework parses serverless.json with JSON.parse, so comments and trailing commas, which YAML would
        // take, are refused, and every node keeps its place in the JSON file for later errors.
        var isJson = ConfigJson.IsJsonPath(configPath);
        var root = isJson
            ? JsonLoader.Load(text, configPath, errors)
            : YamlLoader.Load(text, configPath, errors, expandShortForms: true);
        ThrowIfAny(errors, files, configPath);
        if (root is MMapping mapping)
        {
            return mapping;
        }

        throw new ConfigException(
            [new ConfigError(
                ConfigErrorCodes.DocumentNotMapping,
                root?.At ?? new SourceSpan(configPath, 1, 1, 1),
                root is MScalar { Kind: ScalarKind.Null }
                    ? $"'{configPath}' is empty."
                    : $"'{configPath}' is not a mapping of settings.",
                isJson
                    ? "write the file as one JSON object: {\"service\": \"my-service\", \"provider\": {...}, " +
                      "\"functions\": {...}}."
                    : "start the file with 'service: my-service', then 'provider:' and 'functions:' blocks.")],
            files.Line);
    }

    /// <summary>
    /// The framework runs serverless.js and serverless.ts and uses what they export. Stratus runs no JavaScript, so
    /// it says so rather than reading the script as YAML and reporting what YAML makes of it.
    /// </summary>
    private static void RefuseScript(string configPath)
    {
        var extension = Path.GetExtension(configPath).ToLowerInvariant();
        var language = extension switch
        {
            ".js" or ".cjs" or ".mjs" => "JavaScript",
            ".ts" or ".cts" or ".mts" => "TypeScript",
            _ => null,
        };
        if (language is null)
        {
            return;
        }

        throw new ConfigException([new ConfigError(
            ConfigErrorCodes.ConfigFileIsScript,
            SourceSpan.WholeFile(configPath),
            $"'{configPath}' is a {language} service file; Stratus reads serverless.yml, serverless.yaml or " +
            "serverless.json and does not run JavaScript or TypeScript.",
            "convert it once with the Serverless Framework: 'serverless print --format yaml > serverless.yml' in the " +
            "service folder, then turn back into variables (${sls:stage}, ${env:...}, ${ssm:...}) the values " +
            "print resolved for one stage, and remove the script.")]);
    }

    private static void ThrowIfAny(
        List<ConfigError> errors,
        SourceFiles files,
        string configPath,
        SecretRedaction? secrets = null,
        IReadOnlyList<ConfigError>? warnings = null)
    {
        if (errors.Count == 0)
        {
            return;
        }

        // The main file first, then included files, each in line order.
        var ordered = (secrets?.Apply(errors) ?? errors)
            .OrderBy(error => error.At.File == configPath ? 0 : 1)
            .ThenBy(error => error.At.File, StringComparer.Ordinal)
            .ThenBy(error => error.At.Line)
            .ThenBy(error => error.At.Column)
            .ToArray();
        throw new ConfigException(ordered, files.Line)
        {
            ConfigFiles = ConfigFilesOf(Path.GetFullPath(configPath), files, dotenv: null),
            Warnings = warnings is null ? [] : [.. secrets?.Apply(warnings) ?? warnings],
        };
    }

    private static string NewInstanceId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
