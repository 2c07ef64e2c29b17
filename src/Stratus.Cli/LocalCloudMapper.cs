using Microsoft.Extensions.Logging;
using Stratus.Local;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>Turns a resolved service and its build into what the local cloud runs.</summary>
internal static class LocalCloudMapper
{
    /// <summary>Set in every local function's environment, as serverless-offline sets IS_OFFLINE.</summary>
    public const string LocalMarkerVariable = "STRATUS_LOCAL";

    /// <summary>A folder under the service's .stratus/ where local functions keep state between runs.</summary>
    public const string StateDirectoryVariable = "STRATUS_STATE_DIR";

    public static LocalCloudOptions ToOptions(
        ServiceDefinition service,
        ServiceBuild build,
        int port,
        IFunctionOutputSink output,
        ILoggerFactory loggerFactory)
    {
        var stateDirectory = Path.Combine(service.Directory, ".stratus", "state");
        Directory.CreateDirectory(stateDirectory);

        return new LocalCloudOptions
        {
            Port = port,
            Stage = service.Stage,
            Region = service.Region,
            Functions = service.Functions.Select(f => ToLocalFunction(f, build, stateDirectory)).ToList(),
            BinaryMediaTypes = service.Provider.BinaryMediaTypes,
            Output = output,
            LoggerFactory = loggerFactory,
        };
    }

    private static LocalFunction ToLocalFunction(
        FunctionDefinition function,
        ServiceBuild build,
        string stateDirectory)
    {
        var artifact = build.ByFunctionKey[function.Key];
        var environment = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal)
        {
            [LocalMarkerVariable] = "true",
            [StateDirectoryVariable] = stateDirectory,
        };

        return new LocalFunction
        {
            Key = function.Key,
            Name = function.Name,
            Handler = function.Handler,
            ExecutablePath = DotnetHost.Path,
            Arguments = [artifact.EntryAssemblyPath],
            TaskRoot = artifact.OutputDirectory,
            Environment = environment,
            MemorySize = function.MemorySize,
            Timeout = TimeSpan.FromSeconds(function.Timeout),
            ReservedConcurrency = function.ReservedConcurrency,
            Routes = function.Events.Select(ToRoute).OfType<LocalRoute>().ToList(),
        };
    }

    private static LocalRoute? ToRoute(FunctionEvent functionEvent) => functionEvent switch
    {
        HttpEvent http => new LocalRoute(ApiKind.RestApi, http.Method, http.Path, "1.0"),
        HttpApiEvent httpApi => new LocalRoute(ApiKind.HttpApi, httpApi.Method, httpApi.Path, httpApi.PayloadVersion),
        _ => null,
    };
}
