using System.Collections;
using System.CommandLine;
using Stratus.Cli.Errors;
using Stratus.Cli.Output;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>Loads the service a command works on, from the options it was called with.</summary>
internal static class ServiceContext
{
    /// <summary>
    /// The names the Serverless Framework looks for in a service folder, in its order. The scripts are found only
    /// so that loading can say they are not supported, instead of saying there is no service file.
    /// </summary>
    private static readonly string[] ConfigNames =
    [
        "serverless.yml", "serverless.yaml", "serverless.json", "serverless.js", "serverless.cjs", "serverless.mjs",
        "serverless.ts",
    ];

    /// <summary>
    /// Loads the service and writes its configuration warnings (plugins, frameworkVersion, keys holding variables)
    /// to standard error, once, for every command.
    /// </summary>
    public static ServiceDefinition Load(ParseResult parse)
    {
        var configPath = ConfigPath(parse);
        var service = ServiceLoader.Load(configPath, LoadOptions(parse, configPath));

        ConfigWarningOutput.Write(parse.InvocationConfiguration.Error, ConfigWarnings.Find(service));
        return service;
    }

    /// <summary>
    /// The service file: --config names a file or a folder; without it, the current folder. In a folder the
    /// first of serverless.yml, serverless.yaml, serverless.json and the scripts is taken, as the framework does.
    /// </summary>
    public static string ConfigPath(ParseResult parse)
    {
        var given = parse.GetValue<string?>(CommonOptions.ConfigName);
        var target = Path.GetFullPath(given ?? ".");
        if (File.Exists(target))
        {
            return target;
        }

        if (!Directory.Exists(target))
        {
            throw CliErrors.ConfigNotFound(target);
        }

        return ConfigNames.Select(name => Path.Combine(target, name)).FirstOrDefault(File.Exists)
            ?? throw CliErrors.ConfigNotFound(Path.Combine(target, ConfigNames[0]));
    }

    private static ServiceLoadOptions LoadOptions(ParseResult parse, string configPath)
    {
        var stage = parse.GetValue<string?>(CommonOptions.StageName);
        var region = parse.GetValue<string?>(CommonOptions.RegionName);

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stage is not null)
        {
            options["stage"] = stage;
        }

        if (region is not null)
        {
            options["region"] = region;
        }

        var loadOptions = new ServiceLoadOptions
        {
            Stage = stage,
            Region = region,
            Options = options,
            Params = ParseParams(parse.GetValue<string[]>(CommonOptions.ParamName) ?? []),
            Environment = ProcessEnvironment(),
        };

        // With useDotenv: true, the .env variables are part of the environment the service is read with, for AWS
        // settings (AWS_PROFILE, AWS_REGION, endpoints) as for ${env:}, as the framework loads them into its own
        // process. Functions never get them that way: only through provider or function environment.
        var dotenv = ServiceLoader.ReadDotenvAsync(configPath, loadOptions).GetAwaiter().GetResult();
        var environment = dotenv.ApplyTo(loadOptions.Environment);
        return loadOptions with
        {
            Environment = environment,
            Dotenv = dotenv,
            ExternalSources = SecretSources.For(parse, configPath, environment),
        };
    }

    /// <summary>
    /// Reads each --param as framework v3 does: a key of at least one character, '=', then a value of at least one
    /// character (the first '=' separates them), whose trailing whitespace is dropped; 'key=' is refused there.
    /// </summary>
    internal static Dictionary<string, string> ParseParams(string[] values)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw CliErrors.BadParam(value);
            }

            if (separator == value.Length - 1)
            {
                throw CliErrors.EmptyParam(value);
            }

            parameters[value[..separator]] = value[(separator + 1)..].TrimEnd();
        }

        return parameters;
    }

    private static Dictionary<string, string> ProcessEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return environment;
    }
}
