using Stratus.Service;

namespace Stratus.Cli.Output;

/// <summary>
/// What `stratus dev` reads from serverless.yml but does not emulate, or does not recognise, as located warnings:
/// a route that AWS protects must never look open locally without a word, and a misspelt key must not vanish.
/// </summary>
/// <remarks>
/// The Serverless Framework validates events against its schema and warns by default; these are the same checks
/// for the keys that decide what the local cloud does, and for the API settings blocks whose schema takes no other
/// keys (EmulationWarnings.ApiSettings.cs). Unknown keys inside an http event's request, response or authorizer,
/// and inside httpApi authorizers, are not checked.
/// </remarks>
internal static partial class EmulationWarnings
{
    // The Serverless Framework v3 event kinds (its `defineFunctionEvent` calls for the aws provider).
    private static readonly string[] KnownKinds =
    [
        "http", "httpApi", "websocket", "s3", "schedule", "sns", "sqs", "stream", "activemq", "rabbitmq", "msk",
        "kafka", "alb", "alexaSkill", "alexaSmartHome", "iot", "iotFleetProvisioning", "cloudwatchEvent",
        "cloudwatchLog", "cognitoUserPool", "eventBridge", "cloudFront",
    ];

    // The properties of the framework's `http` event schema.
    private static readonly string[] HttpKeys =
    [
        "path", "method", "cors", "private", "async", "authorizer", "integration", "request", "response",
        "operationId", "connectionId", "connectionType",
    ];

    // Core properties of the framework's function, provider and schedule schemas. Plugins add their own, so for
    // these a key is reported only when it is a likely typo of a known one (see UnknownKeys' typosOnly).
    private static readonly string[] FunctionKeys =
    [
        "name", "description", "handler", "image", "runtime", "runtimeManagement", "memorySize", "timeout",
        "ephemeralStorageSize", "environment", "events", "layers", "tags", "role", "onError", "destinations",
        "reservedConcurrency", "provisionedConcurrency", "vpc", "package", "kmsKeyArn", "tracing", "url",
        "architecture", "snapStart", "logRetentionInDays", "logDataProtectionPolicy", "maximumEventAge",
        "maximumRetryAttempts", "fileSystemConfig", "condition", "dependsOn", "disableLogs", "httpApi",
    ];

    private static readonly string[] ProviderKeys =
    [
        "name", "stage", "region", "runtime", "runtimeManagement", "memorySize", "timeout", "environment",
        "profile", "deploymentBucket", "deploymentMethod", "deploymentPrefix", "stackName", "apiName",
        "apiGateway", "httpApi", "iam", "role", "vpc", "tags", "stackTags", "tracing", "logs", "logRetentionInDays",
        "architecture", "layers", "versionFunctions", "websocketsApiName", "alb", "kmsKeyArn", "cfnRole",
        "rollbackConfiguration", "notificationArns", "stackParameters", "stackPolicy", "ecr", "eventBridge", "s3",
        "disableRollback", "endpointType", "usagePlan", "apiKeys", "resourcePolicy", "ephemeralStorageSize",
    ];

    private static readonly string[] ScheduleKeys =
    [
        "rate", "enabled", "name", "description", "input", "inputPath", "inputTransformer", "method", "timezone",
    ];

    // The properties of the framework's `httpApi` event schema.
    private static readonly string[] HttpApiKeys = ["path", "method", "authorizer"];

    public static IReadOnlyList<ConfigError> Find(ServiceDefinition service)
    {
        var warnings = new List<ConfigError>();
        var authorizers = DefinedAuthorizers(service);
        var hasRestApi = service.Functions.Any(function => function.Events.OfType<HttpEvent>().Any());
        var restStage = hasRestApi ? service.Stage : null;
        warnings.AddRange(ProviderTypos(service));
        warnings.AddRange(CheckProviderApiSettings(service));
        foreach (var function in service.Functions)
        {
            warnings.AddRange(FunctionTypos(function));
            warnings.AddRange(CheckFunctionHttpApi(function));
            warnings.AddRange(GatewayTimeouts(service, function));
            warnings.AddRange(AsyncTargets(function));
            if (AlwaysThrottled(function) is { } throttled)
            {
                warnings.Add(throttled);
            }

            foreach (var functionEvent in function.Events)
            {
                warnings.AddRange(functionEvent switch
                {
                    HttpEvent http => CheckHttp(http),
                    HttpApiEvent httpApi => CheckHttpApi(httpApi, authorizers, restStage),
                    ScheduleEvent schedule => ScheduleTypos(schedule).Concat(ScheduleSpellings(function, schedule)),
                    _ => [],
                });
            }

            // One line per kind of event that does not fire: a function with five s3 buckets needs one reminder.
            warnings.AddRange(function.Events.OfType<OtherEvent>()
                .DistinctBy(other => other.Kind, StringComparer.Ordinal)
                .Select(other => CheckOther(function, other)));
        }

        warnings.AddRange(CorsBesideOwnOptions(service));
        return InFileOrder(warnings);
    }

    /// <summary>
    /// The warnings that concern running <paramref name="function"/> on its own, as `invoke local` does: a likely
    /// typo of a provider or function setting (`timout: 30` leaves the default 6 s in force) and of its schedules'
    /// settings. What only `dev`'s API Gateway or schedules act on is left out: this command uses neither.
    /// </summary>
    public static IReadOnlyList<ConfigError> ForOneFunction(ServiceDefinition service, FunctionDefinition function)
    {
        var schedules = function.Events.OfType<ScheduleEvent>().SelectMany(ScheduleTypos);
        return InFileOrder(ProviderTypos(service).Concat(FunctionTypos(function)).Concat(schedules));
    }

    private static IEnumerable<ConfigError> ProviderTypos(ServiceDefinition service) =>
        UnknownKeys(service.Provider.Node, ProviderKeys, "provider", typosOnly: true);

    private static IEnumerable<ConfigError> FunctionTypos(FunctionDefinition function) =>
        UnknownKeys(function.Node, FunctionKeys, $"function '{function.Key}'", typosOnly: true);

    private static IEnumerable<ConfigError> ScheduleTypos(ScheduleEvent schedule) =>
        UnknownKeys(schedule.Node, ScheduleKeys, "a schedule event", typosOnly: true);

    private static IReadOnlyList<ConfigError> InFileOrder(IEnumerable<ConfigError> warnings) =>
        [.. warnings.OrderBy(warning => warning.At.Line).ThenBy(warning => warning.At.Column)];

    /// <summary>
    /// A REST path with cors on one of its events and its own OPTIONS event: the framework compiles the cors
    /// preflight and that event into one API Gateway method (same logical id), so one overwrites the other's
    /// settings at deploy. Locally the OPTIONS event takes every preflight and no CORS answer is made.
    /// </summary>
    private static IEnumerable<ConfigError> CorsBesideOwnOptions(ServiceDefinition service)
    {
        var events = service.Functions.SelectMany(function => function.Events.OfType<HttpEvent>()).ToList();
        var corsPaths = events.Where(http => http.Cors is not null)
            .Select(http => http.Path)
            .ToHashSet(StringComparer.Ordinal);
        return events
            .Where(http => http.Method == "OPTIONS" && http.Cors is null && corsPaths.Contains(http.Path))
            .Select(http => new ConfigError(
                ConfigErrorCodes.CorsBesideOwnOptions,
                http.At,
                $"http route 'OPTIONS {http.Path}' shares its path with an event that sets cors: the framework " +
                "compiles cors's preflight and this event into one API Gateway method, so one overwrites the " +
                "other's settings at deploy; locally this event takes every preflight and no CORS answer is made.",
                "keep one of the two: remove this OPTIONS event and let cors answer preflights, or remove cors " +
                "from the path's events and answer OPTIONS in the function."));
    }

    private static IEnumerable<ConfigError> CheckHttp(HttpEvent http)
    {
        var route = $"http route '{http.Method} {http.Path}'";
        foreach (var unknown in UnknownKeys(http.Node, HttpKeys, "an http event", typosOnly: false)
            .Concat(CheckHttpCors(http))
            .Concat(RequiredPathParametersNotInPath(http)))
        {
            yield return unknown;
        }

        if (http.Integration != "lambda-proxy")
        {
            yield return NotEmulated(
                http.At,
                $"{route} has integration '{http.Integration}', which the local cloud does not emulate: the function " +
                "gets the lambda-proxy event and must answer as a proxy integration.",
                "test this route in AWS, or use the default lambda-proxy integration.");
        }

        if (http.Private)
        {
            yield return NotEmulated(
                http.At,
                $"{route} is private, but API keys are not checked locally: the route answers without 'x-api-key'.",
                "send the key anyway, so requests work unchanged in AWS.");
        }

        if (http.Authorizer is { } authorizer)
        {
            yield return OpenRoute(http.At, route, authorizer);
        }

        if (http.Node is ConfigMapping settings && settings.ContainsKey("async"))
        {
            yield return NotEmulated(
                http.At,
                $"{route} sets 'async', which the local cloud does not emulate: the caller waits for the function.",
                "test asynchronous behaviour with 'aws lambda invoke --invocation-type Event' against `dev`.");
        }
    }

    // restStage: the REST API's stage when the service has a REST API, else null.
    private static IEnumerable<ConfigError> CheckHttpApi(
        HttpApiEvent httpApi,
        HashSet<string> authorizers,
        string? restStage)
    {
        var settings = httpApi.Node as ConfigMapping;
        if (settings is not null && settings.TryGetEntry("payload", out var payload))
        {
            yield return new ConfigError(
                ConfigErrorCodes.EventSettingUnknown,
                payload.KeyAt,
                "'payload' on an httpApi event is honoured by Stratus, but the Serverless Framework's schema refuses " +
                "it there and deploys with the function's or the provider's payload format.",
                "write it once for the function, 'httpApi: {payload: '1.0'}' beside 'handler:', or under " +
                "provider.httpApi.");
        }

        // An HTTP API has one CORS configuration, for every route: users who know REST's per-event cors write it here.
        if (settings?.Entries.FirstOrDefault(entry => entry.Key == "cors") is { } cors)
        {
            yield return new ConfigError(
                ConfigErrorCodes.EventSettingUnknown,
                cors.KeyAt,
                "'cors' is not a setting of an httpApi event, and it is ignored: an HTTP API has one CORS " +
                "configuration, for all its routes.",
                "set it once under provider.httpApi.cors: true, or a mapping with allowedOrigins, allowedHeaders " +
                "and allowedMethods.");
        }

        var keys = settings is null ? httpApi.Node : new ConfigMapping(
            settings.At, settings.Entries.Where(entry => entry.Key is not ("payload" or "cors")));
        foreach (var unknown in UnknownKeys(keys, HttpApiKeys, "an httpApi event", typosOnly: false))
        {
            yield return unknown;
        }

        var route = $"httpApi route '{httpApi.RouteKey}'";
        if (AuthorizerName(settings) is { } name && !authorizers.Contains(name))
        {
            yield return new ConfigError(
                ConfigErrorCodes.AuthorizerUndefined,
                settings!["authorizer"]!.At,
                $"{route} names authorizer '{name}', which provider.httpApi.authorizers does not define; the " +
                "framework refuses to deploy it.",
                $"define '{name}' under provider.httpApi.authorizers (type jwt or request), or correct the name.");
        }
        else if (httpApi.Authorizer is { } authorizer)
        {
            yield return OpenRoute(httpApi.At, route, authorizer);
        }

        if (restStage is not null && IsUnderStage(httpApi.Path, restStage))
        {
            yield return SharedLocalUrl(httpApi, restStage);
        }
    }

    /// <summary>The authorizer a route names (not an id, nor aws_iam, which need no definition), or null.</summary>
    private static string? AuthorizerName(ConfigMapping? settings)
    {
        switch (settings?["authorizer"])
        {
            case ConfigScalar { IsNull: false } name:
                return name.ToText();
            case ConfigMapping authorizer when !authorizer.ContainsKey("id") && TextOf(authorizer["type"]) != "aws_iam":
                return TextOf(authorizer["name"]);
            default:
                return null;
        }
    }

    private static string? TextOf(ConfigNode? node) =>
        node is ConfigScalar { IsNull: false } scalar ? scalar.ToText() : null;

    private static HashSet<string> DefinedAuthorizers(ServiceDefinition service) =>
        (service.Provider.Node?["httpApi"] as ConfigMapping)?["authorizers"] is ConfigMapping defined
            ? [.. defined.Keys]
            : [];

    private static ConfigError CheckOther(FunctionDefinition function, OtherEvent other)
    {
        if (KnownKinds.Contains(other.Kind, StringComparer.Ordinal))
        {
            return NotEmulated(
                other.At,
                $"function '{function.Key}' has '{other.Kind}' events, which do not fire under `stratus dev`.",
                $"invoke the function with such an event: 'stratus invoke local -f {function.Key} --path " +
                "event.json'.");
        }

        return new ConfigError(
            ConfigErrorCodes.EventKindUnknown,
            other.At,
            $"function '{function.Key}' has an event of kind '{other.Kind}', which the Serverless Framework does " +
            "not know; it is ignored.",
            FixFor(Spelling.Closest(other.Kind, KnownKinds), KnownKinds));
    }

    /// <summary>
    /// Keys the schema does not have. With <paramref name="typosOnly"/>, only those one or two edits from a known
    /// key ('timout', 'enable'): for schemas plugins extend, where any other key may be a plugin's.
    /// </summary>
    private static IEnumerable<ConfigError> UnknownKeys(ConfigNode? node, string[] known, string what, bool typosOnly)
    {
        if (node is not ConfigMapping settings)
        {
            yield break;
        }

        foreach (var entry in settings.Entries.Where(entry => !known.Contains(entry.Key, StringComparer.Ordinal)))
        {
            var meant = Spelling.Closest(entry.Key, known);
            if (meant is null && typosOnly)
            {
                continue;
            }

            yield return new ConfigError(
                ConfigErrorCodes.EventSettingUnknown,
                entry.KeyAt,
                $"'{entry.Key}' is not a setting of {what}; it is ignored.",
                FixFor(meant, known));
        }
    }

    private static string FixFor(string? meant, string[] known) =>
        meant is not null ? $"did you mean '{meant}'?" : $"use one of: {string.Join(", ", known)}.";

    private static bool IsUnderStage(string path, string stage) =>
        path == "*"
        || path.Equals("/" + stage, StringComparison.Ordinal)
        || path.StartsWith("/" + stage + "/", StringComparison.Ordinal)
        || path.StartsWith("/{", StringComparison.Ordinal);

    /// <summary>
    /// In AWS the REST API and the HTTP API have hosts of their own; locally they share one port, and the REST
    /// API owns every path under '/{stage}', so such an HTTP API route is reached only where no REST resource
    /// matches (a resource without the request's method answers the REST API's 403).
    /// </summary>
    private static ConfigError SharedLocalUrl(HttpApiEvent httpApi, string stage) =>
        NotEmulated(
            httpApi.At,
            $"httpApi route '{httpApi.RouteKey}' can match paths under '/{stage}', which the REST API " +
            "answers first on the local port; in AWS each API has its own host.",
            $"test such paths through the REST API's routes, or give the HTTP API route a path outside '/{stage}'.");

    /// <summary>
    /// A function whose reservedConcurrency is 0, at the key: Lambda throttles every call to it, and the local
    /// cloud does too, so a first 'Rate Exceeded.' says why before anyone wonders; null for any other function.
    /// </summary>
    public static ConfigError? AlwaysThrottled(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (function.ReservedConcurrency != 0 || !function.Node.TryGetEntry("reservedConcurrency", out var entry))
        {
            return null;
        }

        return new ConfigError(
            ConfigErrorCodes.FunctionAlwaysThrottled,
            entry.KeyAt,
            $"function '{function.Key}' has reservedConcurrency 0, so Lambda throttles every call to it " +
            "(429 TooManyRequestsException, 'Rate Exceeded.'), and the local cloud does too.",
            "remove 'reservedConcurrency: 0', or set it to 1 or more, to let the function run; 0 is how a " +
            "function is switched off.");
    }

    /// <summary>Where Lambda would send an asynchronous event after its last retry: not emulated locally.</summary>
    private static IEnumerable<ConfigError> AsyncTargets(FunctionDefinition function) =>
        function.Node.Entries
            .Where(entry => entry.Key is "destinations" or "onError")
            .Select(entry => NotEmulated(
                entry.KeyAt,
                $"function '{function.Key}' sets '{entry.Key}', which the local cloud does not emulate: an " +
                "asynchronous event that fails its last retry is logged and dropped, not sent on.",
                "test the destination in AWS; locally the console shows each failed attempt."));

    private static ConfigError OpenRoute(SourceSpan at, string route, string authorizer) =>
        NotEmulated(
            at,
            $"{route} has authorizer '{authorizer}', which is not run locally: the route is open under `dev`.",
            "test the authorizer in AWS; locally, send the same credentials so requests work unchanged there.");

    private static ConfigError NotEmulated(SourceSpan at, string message, string fix) =>
        new(ConfigErrorCodes.NotEmulatedLocally, at, message, fix);
}
