using Stratus.Service;

namespace Stratus.Cli.Output;

/// <summary>
/// The API settings that decide what the local gateway does (binary media types, CORS, payload formats) and the
/// timeouts the gateway cuts short. The framework's schema takes no other keys in these blocks
/// (additionalProperties: false), so a misspelt one changes behaviour without a word unless it is reported here.
/// </summary>
internal static partial class EmulationWarnings
{
    // The Serverless Framework 3.40 schema (lib/plugins/aws/provider.js, api-gateway/index.js) for each block.
    private static readonly string[] ApiGatewayKeys =
    [
        "apiKeys", "apiKeySourceType", "binaryMediaTypes", "description", "disableDefaultEndpoint", "metrics",
        "minimumCompressionSize", "resourcePolicy", "restApiId", "restApiResources", "restApiRootResourceId",
        "request", "shouldStartNameWithService", "stage", "usagePlan", "websocketApiId",
    ];

    private static readonly string[] ProviderHttpApiKeys =
    [
        "authorizers", "cors", "id", "name", "payload", "metrics", "useProviderTags", "disableDefaultEndpoint",
        "shouldStartNameWithService",
    ];

    private static readonly string[] HttpApiCorsKeys =
    [
        "allowCredentials", "allowedHeaders", "allowedMethods", "allowedOrigins", "exposedResponseHeaders", "maxAge",
    ];

    private static readonly string[] HttpApiCorsLists =
        ["allowedHeaders", "allowedMethods", "allowedOrigins", "exposedResponseHeaders"];

    private static readonly string[] FunctionHttpApiKeys = ["payload"];

    private static readonly string[] HttpCorsKeys =
        ["allowCredentials", "cacheControl", "headers", "maxAge", "methods", "origin", "origins"];

    private static readonly string[] HttpCorsLists = ["headers", "methods", "origins"];

    // API Gateway's integration timeouts: REST APIs stop waiting after 29 s, HTTP APIs after 30 s.
    private const int RestIntegrationSeconds = 29;
    private const int HttpApiIntegrationSeconds = 30;

    private static IEnumerable<ConfigError> CheckProviderApiSettings(ServiceDefinition service)
    {
        var provider = service.Provider.Node;
        var apiGateway = provider?["apiGateway"] as ConfigMapping;
        var httpApi = provider?["httpApi"] as ConfigMapping;
        var httpApiCors = httpApi?["cors"] as ConfigMapping;
        return UnknownKeys(apiGateway, ApiGatewayKeys, "provider.apiGateway", typosOnly: false)
            .Concat(BinaryMediaTypes(apiGateway))
            .Concat(UnknownKeys(httpApi, ProviderHttpApiKeys, "provider.httpApi", typosOnly: false))
            .Concat(UnknownKeys(httpApiCors, HttpApiCorsKeys, "provider.httpApi.cors", typosOnly: false))
            .Concat(NotLists(httpApiCors, HttpApiCorsLists, "provider.httpApi.cors"))
            .Concat(HttpApiOriginsThatNeverMatch(httpApiCors))
            .Concat(OriginsWithAPath(httpApiCors, "allowedOrigins", "provider.httpApi.cors"))
            .Concat(UnknownCorsMethods(httpApiCors, "allowedMethods", "provider.httpApi.cors"));
    }

    private static IEnumerable<ConfigError> CheckFunctionHttpApi(FunctionDefinition function) =>
        UnknownKeys(
            function.Node["httpApi"] as ConfigMapping,
            FunctionHttpApiKeys,
            $"the httpApi block of function '{function.Key}'",
            typosOnly: false);

    private static IEnumerable<ConfigError> CheckHttpCors(HttpEvent http)
    {
        var cors = (http.Node as ConfigMapping)?["cors"] as ConfigMapping;
        return UnknownKeys(cors, HttpCorsKeys, "an http event's cors", typosOnly: false)
            .Concat(NotLists(cors, HttpCorsLists, "an http event's cors"))
            .Concat(UnknownCorsMethods(cors, "methods", "an http event's cors"))
            .Concat(OriginsWithAPath(cors, "origins", "an http event's cors"))
            .Concat(OriginsWithAPath(cors, "origin", "an http event's cors"))
            .Concat(SingularOriginWithAWildcard(cors));
    }

    // A required path parameter is validated like any other (absent → 400), and a path without its {name} never
    // carries it: the validator the framework creates for the event would refuse every request.
    private static IEnumerable<ConfigError> RequiredPathParametersNotInPath(HttpEvent http)
    {
        var declared = http.Path.Split('/')
            .Where(segment => segment.StartsWith('{') && segment.EndsWith('}'))
            .Select(segment => segment.Trim('{', '}').TrimEnd('+'))
            .ToHashSet(StringComparer.Ordinal);
        var paths = ((http.Node as ConfigMapping)?["request"] as ConfigMapping)?["parameters"] as ConfigMapping;
        return (http.Validation?.RequiredParameters ?? [])
            .Where(parameter => parameter.Location == "path" && !declared.Contains(parameter.Name))
            .Select(parameter => new ConfigError(
                ConfigErrorCodes.RequiredPathParameterNotInPath,
                ((paths?["paths"] as ConfigMapping)?[parameter.Name] ?? http.Node).At,
                $"http route '{http.Method} {http.Path}' requires the path parameter '{parameter.Name}', which its " +
                "path does not have: the request validator the framework creates for the event answers every " +
                "request 400 'Missing required request parameters'.",
                $"add '{{{parameter.Name}}}' to the path, or make the parameter optional ({parameter.Name}: false)."));
    }

    // Serverless Framework 3.40's cors.js sends a singular 'origin' without a comma as written, with no template,
    // so a wildcard in it reaches the browser as is, and no browser's Origin equals it.
    private static IEnumerable<ConfigError> SingularOriginWithAWildcard(ConfigMapping? cors) =>
        (cors?["origin"] is ConfigScalar { IsNull: false } origin ? [origin] : Array.Empty<ConfigScalar>())
            .Where(origin => origin.ToText() is var text
                && text != "*"
                && text.Contains('*', StringComparison.Ordinal)
                && !text.Contains(',', StringComparison.Ordinal))
            .Select(origin => new ConfigError(
                ConfigErrorCodes.CorsValueNeverMatches,
                origin.At,
                $"an http event's cors has origin '{origin.ToText()}', which the framework's OPTIONS answer sends " +
                "as written (only 'origins' are matched as patterns), so no browser accepts it.",
                $"list it under origins: ['{origin.ToText()}'], whose entries are matched against the request's " +
                "Origin and sent back."));

    // What an HTTP API's allowOrigins takes besides exact origins (http-api-cors.html).
    private static readonly string[] HttpApiOriginWildcards = ["*", "https://*", "http://*"];

    // The methods a preflight may ask for, and '*'.
    private static readonly string[] CorsMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "*"];

    private static IEnumerable<ConfigError> HttpApiOriginsThatNeverMatch(ConfigMapping? cors) =>
        ListItems(cors, "allowedOrigins")
            .Where(item => item.ToText().Contains('*', StringComparison.Ordinal)
                && !HttpApiOriginWildcards.Contains(item.ToText(), StringComparer.Ordinal))
            .Select(item => new ConfigError(
                ConfigErrorCodes.CorsValueNeverMatches,
                item.At,
                $"provider.httpApi.cors.allowedOrigins has '{item.ToText()}', a wildcard API Gateway does not take: " +
                "an HTTP API matches '*', 'https://*' and 'http://*' as patterns and every other origin exactly, so " +
                "no browser's Origin matches this one.",
                "list each origin exactly (such as https://app.example.com), or allow every https origin with " +
                "'https://*'."));

    // A browser's Origin is scheme://host[:port], never with a path, so 'https://a.com/' matches no request.
    private static IEnumerable<ConfigError> OriginsWithAPath(ConfigMapping? cors, string key, string what) =>
        ListItems(cors, key)
            .Concat(cors?[key] is ConfigScalar { IsNull: false } single ? [single] : [])
            .SelectMany(item => item.ToText().Split(',', StringSplitOptions.TrimEntries)
                .Where(HasAPath)
                .Select(origin => new ConfigError(
                    ConfigErrorCodes.CorsValueNeverMatches,
                    item.At,
                    $"{what} has {key} '{origin}', with a path; a browser's Origin header is only scheme://host " +
                    "(and :port), so it never matches this one.",
                    $"write it without the path: '{origin[..PathStart(origin)]}'.")));

    private static bool HasAPath(string origin) => PathStart(origin) >= 0;

    // Where the path after 'scheme://host' begins, or -1.
    private static int PathStart(string origin)
    {
        var hostStart = origin.IndexOf("//", StringComparison.Ordinal);
        return hostStart > 0 ? origin.IndexOf('/', hostStart + 2) : -1;
    }

    private static IEnumerable<ConfigError> UnknownCorsMethods(ConfigMapping? cors, string key, string what) =>
        ListItems(cors, key)
            .Where(item => !CorsMethods.Contains(item.ToText().ToUpperInvariant(), StringComparer.Ordinal))
            .Select(item => new ConfigError(
                ConfigErrorCodes.CorsValueNeverMatches,
                item.At,
                $"{what} has {key} '{item.ToText()}', which is no HTTP method, so no preflight is ever allowed it.",
                "use GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or '*'."));

    private static IEnumerable<ConfigScalar> ListItems(ConfigMapping? settings, string key) =>
        settings?[key] is ConfigSequence list ? list.Items.OfType<ConfigScalar>() : [];

    /// <summary>
    /// binaryMediaTypes is a list of 'type/subtype' patterns in the framework's schema: one text value is read as
    /// a list of one locally but refused at deploy, and an entry without a '/' matches no request.
    /// </summary>
    private static IEnumerable<ConfigError> BinaryMediaTypes(ConfigMapping? apiGateway)
    {
        switch (apiGateway?["binaryMediaTypes"])
        {
            case ConfigScalar { IsNull: false } single:
                yield return SchemaRefuses(
                    single.At,
                    "provider.apiGateway.binaryMediaTypes is one text value, not a list; the framework's schema " +
                    "refuses it at deploy.",
                    $"write it as a list: binaryMediaTypes: ['{single.ToText()}'].");
                break;
            case ConfigSequence types:
                foreach (var item in types.Items.OfType<ConfigScalar>().Where(item => !IsMediaRange(item.ToText())))
                {
                    yield return SchemaRefuses(
                        item.At,
                        $"provider.apiGateway.binaryMediaTypes has '{item.ToText()}', which is not a media type " +
                        "('type/subtype'): it matches no request, and the framework's schema refuses it.",
                        "write a media type such as 'image/png', 'application/octet-stream' or '*/*'.");
                }

                break;
        }
    }

    // The framework's pattern, ^\S+\/\S+$: no spaces, and a '/' with text on both sides.
    private static bool IsMediaRange(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < text.Length - 1 && !text.Any(char.IsWhiteSpace);
    }

    /// <summary>Settings the framework's schema types as lists, given as one text value.</summary>
    private static IEnumerable<ConfigError> NotLists(ConfigMapping? settings, string[] lists, string what) =>
        (settings?.Entries ?? [])
            .Where(entry => lists.Contains(entry.Key, StringComparer.Ordinal)
                && entry.Value is ConfigScalar { IsNull: false })
            .Select(entry => SchemaRefuses(
                entry.Value.At,
                $"{what} has {entry.Key} as one text value, not a list; it is read as a list of one here, but " +
                "the framework's schema refuses it at deploy.",
                $"write it as a list: {entry.Key}: ['{((ConfigScalar)entry.Value).ToText()}']."));

    private static ConfigError SchemaRefuses(SourceSpan at, string message, string fix) =>
        new(ConfigErrorCodes.EventSettingUnknown, at, message, fix);

    /// <summary>
    /// A function that may run as long as, or longer than, its gateway waits: the client gets the gateway's
    /// timeout answer while the function runs on, and may still succeed. The framework warns for HTTP APIs from
    /// 30 s, "may not provide enough room" at exactly 30; the same rule is applied to a REST API's 29 s.
    /// </summary>
    private static IEnumerable<ConfigError> GatewayTimeouts(ServiceDefinition service, FunctionDefinition function)
    {
        var at = TimeoutAt(service, function);
        if (function.Events.OfType<HttpEvent>().Any() && function.Timeout >= RestIntegrationSeconds)
        {
            yield return TimeoutWarning(
                at, function, "REST API", RestIntegrationSeconds, "504 'Endpoint request timed out'");
        }

        if (function.Events.OfType<HttpApiEvent>().Any() && function.Timeout >= HttpApiIntegrationSeconds)
        {
            yield return TimeoutWarning(
                at, function, "HTTP API", HttpApiIntegrationSeconds, "503 'Service Unavailable'");
        }
    }

    private static ConfigError TimeoutWarning(
        SourceSpan at,
        FunctionDefinition function,
        string api,
        int gatewaySeconds,
        string answer)
    {
        var comparison = function.Timeout == gatewaySeconds ? "as long as" : "longer than";
        return new ConfigError(
            ConfigErrorCodes.TimeoutBeyondGateway,
            at,
            $"function '{function.Key}' has a timeout of {function.Timeout} s, {comparison} the {api}'s " +
            $"{gatewaySeconds} s integration timeout: a caller may get {answer} while the function runs on and " +
            "succeeds.",
            $"lower the timeout to {gatewaySeconds - 1} s or less, or run long work asynchronously (an 'Event' " +
            "invocation or a queue) and answer at once.");
    }

    /// <summary>The function's timeout key, else the provider's it inherits, else the function's name.</summary>
    private static SourceSpan TimeoutAt(ServiceDefinition service, FunctionDefinition function) =>
        function.Node.TryGetEntry("timeout", out var own) ? own.KeyAt
        : service.Provider.Node is { } provider && provider.TryGetEntry("timeout", out var inherited) ? inherited.KeyAt
        : function.At;
}
