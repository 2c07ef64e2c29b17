using System.Collections;
using System.CommandLine;
using Stratus.Cli.Errors;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>Loads the service a command works on, from the options it was called with.</summary>
internal static class ServiceContext
{
    public static ServiceDefinition Load(ParseResult parse)
    {
        var configPath = Path.GetFullPath(parse.GetValue(CommonOptions.Config) ?? "serverless.yml");
        if (!File.Exists(configPath))
        {
            throw CliErrors.ConfigNotFound(configPath);
        }

        return ServiceLoader.Load(configPath, LoadOptions(parse));
    }

    public static ServiceLoadOptions LoadOptions(ParseResult parse)
    {
        var stage = parse.GetValue(CommonOptions.Stage);
        var region = parse.GetValue(CommonOptions.Region);

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stage is not null)
        {
            options["stage"] = stage;
        }

        if (region is not null)
        {
            options["region"] = region;
        }

        var environment = ProcessEnvironment();
        var configPath = Path.GetFullPath(parse.GetValue(CommonOptions.Config) ?? "serverless.yml");
        return new ServiceLoadOptions
        {
            Stage = stage,
            Region = region,
            Options = options,
            Params = ParseParams(parse.GetValue(CommonOptions.Param) ?? []),
            Environment = environment,
            ExternalSources = SecretSources.For(parse, configPath, environment),
        };
    }

    private static Dictionary<string, string> ParseParams(string[] values)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw CliErrors.BadParam(value);
            }

            parameters[value[..separator]] = value[(separator + 1)..];
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
