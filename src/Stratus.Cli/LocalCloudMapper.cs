using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Stratus.Aws.Secrets;
using Stratus.Local;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>Turns a resolved service and its build into what the local cloud runs.</summary>
internal static class LocalCloudMapper
{
    /// <summary>Set in every local function's environment, as serverless-offline sets IS_OFFLINE.</summary>
    public const string LocalMarkerVariable = "STRATUS_LOCAL";

    /// <summary>
    /// What handlers written for the Serverless Framework look for to know they run locally: serverless-offline
    /// sets IS_OFFLINE under `dev`'s counterpart, and the framework's `invoke local` sets IS_LOCAL.
    /// </summary>
    public static string FrameworkMarkerVariable(LocalRun run) =>
        run == LocalRun.InvokeLocal ? "IS_LOCAL" : "IS_OFFLINE";

    /// <summary>A folder under the service's .stratus/ where local functions keep state between runs.</summary>
    public const string StateDirectoryVariable = "STRATUS_STATE_DIR";

    /// <summary>The path of the local secrets key, for functions whose environment holds local secrets.</summary>
    public const string LocalKeyFileVariable = "STRATUS_LOCAL_KEY_FILE";

    private const string LocalSecretPrefix = "stratus:v1:local:";

    // A body a model makes slow to check (uniqueItems over a huge array, a backtracking pattern on every member)
    // is answered as invalid after this long, and the fault logged, rather than hold a thread for minutes. A
    // well-behaved model checks a 10 MB body in well under it.
    private static readonly TimeSpan RequestValidationBudget = TimeSpan.FromSeconds(2);

    // JSON.stringify escapes only quotes, backslashes and control characters: '<', '&' and 'é' stay as written,
    // so Scheduler's '<aws.scheduler.scheduled-time>' placeholders are still there to fill.
    private static readonly JsonSerializerOptions AsWritten = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static LocalCloudOptions ToOptions(
        ServiceDefinition service,
        ServiceBuild build,
        int port,
        IFunctionOutputSink output,
        ILoggerFactory loggerFactory,
        LocalRun run)
    {
        var stateDirectory = Path.Combine(service.Directory, ".stratus", "state");
        Directory.CreateDirectory(stateDirectory);
        var profile = ProfileOf(service);
        var marker = FrameworkMarkerVariable(run);

        return new LocalCloudOptions
        {
            Port = port,
            Stage = service.Stage,
            Region = service.Region,
            Functions = service.Functions
                .Select(function => ToLocalFunction(function, build, stateDirectory, profile, marker))
                .ToList(),
            BinaryMediaTypes = service.Provider.BinaryMediaTypes,
            RestApiEndpointType = service.Provider.EndpointType switch
            {
                "REGIONAL" => RestApiEndpointType.Regional,
                "PRIVATE" => RestApiEndpointType.Private,
                _ => RestApiEndpointType.Edge,
            },
            HttpApiCors = ToLocalCors(service.Provider.HttpApiCors),
            Output = output,
            LoggerFactory = loggerFactory,
        };
    }

    private static LocalFunction ToLocalFunction(
        FunctionDefinition function,
        ServiceBuild build,
        string stateDirectory,
        string? profile,
        string frameworkMarker)
    {
        var artifact = build.ByFunctionKey[function.Key];
        var environment = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal)
        {
            [LocalMarkerVariable] = "true",
            [StateDirectoryVariable] = stateDirectory,
        };

        // As with the framework's tools, the function's own environment wins over the marker.
        environment.TryAdd(frameworkMarker, "true");

        // The framework's `invoke local` gives the function provider.profile as AWS_PROFILE, over the shell's;
        // the function's own environment still wins.
        if (profile is not null)
        {
            environment.TryAdd("AWS_PROFILE", profile);
        }

        if (environment.Values.Any(value => value.StartsWith(LocalSecretPrefix, StringComparison.Ordinal)))
        {
            // The function decrypts local secrets itself: it gets the key file's path, never the key, and the
            // key stays in the user's profile folder, outside the service folder.
            var home = LocalSecretsHome.FromEnvironment(ServiceLoadOptions.ReadProcessEnvironment());
            environment[LocalKeyFileVariable] = home.KeyFilePath;
        }

        return new LocalFunction
        {
            Key = function.Key,
            Name = function.Name,
            Handler = function.Handler,
            // A packaged Native AOT bootstrap starts on its own, as the custom runtime starts it.
            ExecutablePath = artifact.NativeExecutablePath ?? DotnetHost.Path,
            Arguments = artifact.NativeExecutablePath is null ? [artifact.EntryAssemblyPath] : [],
            TaskRoot = artifact.OutputDirectory,
            TaskRootForNewProcess = artifact.TaskFolderForNewProcess,
            Environment = environment,
            MemorySize = function.MemorySize,
            Timeout = TimeSpan.FromSeconds(function.Timeout),
            ReservedConcurrency = function.ReservedConcurrency,
            MaximumRetryAttempts = function.MaximumRetryAttempts ?? LocalFunction.DefaultMaximumRetryAttempts,
            MaximumEventAge = function.MaximumEventAge is { } seconds
                ? TimeSpan.FromSeconds(seconds)
                : LocalFunction.DefaultMaximumEventAge,
            Runtime = function.Runtime,
            Architecture = function.Architecture,
            Routes = function.Events.Select(ToRoute).OfType<LocalRoute>().ToList(),
            Schedules = ToSchedules(function),
        };
    }

    /// <summary>Checks every enabled schedule expression, before anything builds; reports them all at once.</summary>
    public static void CheckSchedules(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);

        var errors = new List<ConfigError>();
        foreach (var function in service.Functions)
        {
            try
            {
                ToSchedules(function);
            }
            catch (ConfigException invalid)
            {
                errors.AddRange(invalid.Errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    private static List<LocalSchedule> ToSchedules(FunctionDefinition function)
    {
        var schedules = new List<LocalSchedule>();
        var errors = new List<ConfigError>();
        // A disabled schedule is still deployed (a rule in state DISABLED), so its expression is checked too.
        foreach (var schedule in function.Events.OfType<ScheduleEvent>())
        {
            var inputPath = ToEventPath(function, schedule.InputPath, errors);
            var transformer = ToInputTransformer(function, schedule.InputTransformer, errors);
            foreach (var (text, index) in schedule.Expressions.Select((text, index) => (text, index)))
            {
                ScheduleExpression expression;
                try
                {
                    expression = ScheduleExpression.Parse(text);
                }
                catch (FormatException error)
                {
                    // The caret goes under the expression itself, as STR1213's does.
                    var at = index < schedule.ExpressionsAt.Count ? schedule.ExpressionsAt[index] : schedule.At;
                    errors.Add(InvalidSchedule(function, text, at, error));
                    continue;
                }

                if (!schedule.Enabled)
                {
                    continue;
                }

                schedules.Add(new LocalSchedule(expression)
                {
                    Name = schedule.Name,
                    Input = InputJson(schedule.Input),
                    InputPath = inputPath,
                    InputTransformer = transformer,
                    UsesScheduler = schedule.UsesScheduler,
                    TimeZone = schedule.Timezone is { } zone
                        ? TimeZoneInfo.FindSystemTimeZoneById(zone.ToText())
                        : TimeZoneInfo.Utc,
                });
            }
        }

        return errors.Count > 0 ? throw new ConfigException(errors) : schedules;
    }

    private static ConfigError InvalidSchedule(
        FunctionDefinition function, string text, SourceSpan at, FormatException error)
    {
        var expression = text.TrimStart();
        var fix = expression.StartsWith("rate", StringComparison.OrdinalIgnoreCase)
            ? "write 'rate(value unit)': a whole number, a space and one of minute, minutes, hour, hours, day or " +
                "days in lower case (singular for 1), such as 'rate(1 hour)' or 'rate(5 minutes)'."
            : expression.StartsWith("cron", StringComparison.OrdinalIgnoreCase)
                ? "write a six-field 'cron(minutes hours day-of-month month day-of-week year)' with '?' in one day " +
                    "field, such as 'cron(0 12 * * ? *)'; day-of-month also takes L, LW and nW (15W), day-of-week " +
                    "L, dL (6L) and d#n (2#1)."
                : "write it as EventBridge does: 'rate(1 minute)', 'rate(5 minutes)' (singular unit for 1), or a " +
                    "six-field 'cron(minutes hours day-of-month month day-of-week year)' with '?' in one day field, " +
                    "such as 'cron(0 12 * * ? *)'.";
        return new ConfigError(
            ConfigErrorCodes.ScheduleExpressionInvalid,
            at,
            $"function '{function.Key}': {DisplayText.Escaped(error.Message)}",
            fix);
    }

    private static EventPath? ToEventPath(FunctionDefinition function, ConfigScalar? path, List<ConfigError> errors)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return EventPath.Parse(path.Value);
        }
        catch (FormatException error)
        {
            errors.Add(new ConfigError(
                ConfigErrorCodes.ScheduleInputInvalid,
                path.At,
                $"function '{function.Key}': {DisplayText.Escaped(error.Message)}",
                "write a path such as '$.detail' or '$.resources[0]'; EventBridge has no filters, slices, " +
                "recursive descent or ['name'] brackets."));
            return null;
        }
    }

    private static InputTransformer? ToInputTransformer(
        FunctionDefinition function,
        ScheduleInputTransformer? transformer,
        List<ConfigError> errors)
    {
        if (transformer is null)
        {
            return null;
        }

        var paths = new Dictionary<string, EventPath>(StringComparer.Ordinal);
        foreach (var (variable, path) in transformer.PathsMap)
        {
            if (ToEventPath(function, path, errors) is { } parsed)
            {
                paths[variable] = parsed;
            }
        }

        try
        {
            var template = InputTemplate.Parse(transformer.Template.Value, transformer.PathsMap.Keys.ToList());
            return paths.Count == transformer.PathsMap.Count ? new InputTransformer(paths, template) : null;
        }
        catch (FormatException error)
        {
            errors.Add(new ConfigError(
                ConfigErrorCodes.ScheduleInputInvalid,
                transformer.Template.At,
                $"function '{function.Key}': {DisplayText.Escaped(error.Message)}",
                "write inputTemplate as JSON with <name> placeholders for inputPathsMap variables, such as " +
                "'{\"time\": <time>}' with inputPathsMap: {time: '$.time'}."));
            return null;
        }
    }

    private static string? ProfileOf(ServiceDefinition service) =>
        service.Provider.Node?["profile"] is ConfigScalar { IsNull: false } profile ? profile.ToText() : null;

    // A string input is JSON text already, as CloudFormation's Input takes it; a mapping is written as JSON.
    private static string? InputJson(ConfigNode? input) => input switch
    {
        null => null,
        ConfigScalar scalar => scalar.Value,
        ConfigMapping mapping when mapping["body"] is ConfigScalar { IsNull: false, Kind: ScalarKind.Text } body =>
            WithParsedBody(mapping, body),
        _ => ServicePrinter.ToJson(input, indented: false),
    };

    // The framework parses an input's text body as JSON before it writes the rule, so the function gets
    // {"body": {"a": 1}} for body: '{"a": 1}'. The model has refused a body that is not JSON.
    private static string WithParsedBody(ConfigNode input, ConfigScalar body)
    {
        var json = JsonNode.Parse(ServicePrinter.ToJson(input, indented: false))!.AsObject();
        json["body"] = JsonNode.Parse(body.ToText());
        return json.ToJsonString(AsWritten);
    }

    private static LocalRoute? ToRoute(FunctionEvent functionEvent) => functionEvent switch
    {
        HttpEvent http => new LocalRoute(ApiKind.RestApi, http.Method, http.Path, "1.0")
        {
            Cors = ToLocalCors(http.Cors),
            Validation = ToLocalValidation(http.Validation),
        },
        HttpApiEvent { IsDefaultRoute: true } catchAll =>
            new LocalRoute(ApiKind.HttpApi, "ANY", "$default", catchAll.PayloadVersion),
        HttpApiEvent httpApi =>
            new LocalRoute(ApiKind.HttpApi, AnyWhenStar(httpApi.Method), httpApi.Path, httpApi.PayloadVersion),
        _ => null,
    };

    private static LocalRequestValidation? ToLocalValidation(HttpRequestValidation? validation) =>
        validation is null ? null : new LocalRequestValidation(
            validation.Models
                .DistinctBy(model => model.ContentType, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(
                    model => model.ContentType,
                    model => model.IsChecked
                        ? body => model.Accepts(body, RequestValidationBudget)
                        : (Func<JsonElement, bool>?)null,
                    StringComparer.OrdinalIgnoreCase),
            [.. validation.RequiredParameters.Select(parameter => new LocalRequestParameter(
                parameter.Location switch
                {
                    "header" => RequestParameterLocation.Header,
                    "path" => RequestParameterLocation.Path,
                    _ => RequestParameterLocation.QueryString,
                },
                parameter.Name))]);

    private static LocalCors? ToLocalCors(HttpCors? cors) => cors is null ? null : new LocalCors
    {
        AllowedOrigins = cors.Origins,
        Origin = cors.Origin,
        AllowedHeaders = cors.Headers,
        AllowedMethods = cors.Methods.Count > 0 ? cors.Methods : null,
        AllowCredentials = cors.AllowCredentials,
        MaxAge = cors.MaxAge,
        CacheControl = cors.CacheControl,
    };

    private static LocalCors? ToLocalCors(HttpApiCors? cors) => cors is null ? null : new LocalCors
    {
        AllowedOrigins = cors.AllowedOrigins,
        AllowedHeaders = cors.AllowedHeaders,
        AllowedMethods = cors.AllowedMethods,
        AllowCredentials = cors.AllowCredentials,
        ExposedHeaders = cors.ExposedResponseHeaders,
        MaxAge = cors.MaxAge,
    };

    private static string AnyWhenStar(string method) => method == "*" ? "ANY" : method;
}
