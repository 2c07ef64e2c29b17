using System.Globalization;
using System.Text.Json;

namespace Stratus.Service.Internal.Model;

/// <summary>A function's events.</summary>
internal sealed partial class ServiceModelBuilder
{
    // EventBridge takes up to 100 variables in an input transformer's paths map (eb-transform-target-input.html).
    private const int MaxInputVariables = 100;

    private static readonly string[] InputKeys = ["input", "inputPath", "inputTransformer"];

    private static readonly HashSet<string> RestMethods =
        new(StringComparer.Ordinal) { "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "ANY" };

    private List<FunctionEvent> Events(ConfigMapping function, string owner, ProviderDefinition? provider)
    {
        var events = new List<FunctionEvent>();
        switch (function["events"])
        {
            case null or ConfigScalar { IsNull: true }:
                return events;
            case ConfigSequence list:
                // The framework's per-function HTTP API payload format: functions.<name>.httpApi.payload.
                var functionPayload = PayloadVersion(function["httpApi"] as ConfigMapping, $"{owner} httpApi");
                for (var i = 0; i < list.Items.Count; i++)
                {
                    var eventOwner = $"{owner} event {(i + 1).ToString(CultureInfo.InvariantCulture)}";
                    var parsed = Event(list.Items[i], eventOwner, provider, functionPayload);
                    if (parsed is not null)
                    {
                        events.Add(parsed);
                    }
                }

                return events;
            case { } node:
                _read.Error(
                    ConfigErrorCodes.EventInvalid,
                    node.At,
                    $"{owner} has events that are a {ModelReader.Describe(node)}, not a list.",
                    "write each event as a list item, such as '- httpApi: GET /users'.");
                return events;
        }
    }

    private FunctionEvent? Event(ConfigNode item, string owner, ProviderDefinition? provider, string? functionPayload)
    {
        if (item is not ConfigMapping { Count: > 0 } mapping)
        {
            _read.Error(
                ConfigErrorCodes.EventInvalid,
                item.At,
                $"{owner} is '{ModelReader.Shown(item)}', not a mapping with the event kind as its key.",
                "write the event as '- kind: settings', such as '- schedule: rate(5 minutes)'.");
            return null;
        }

        var kind = mapping.Entries[0].Key;
        var value = mapping.Entries[0].Value;
        var at = mapping.Entries[0].KeyAt;
        if (kind is "http" or "httpApi" or "schedule" && value is ConfigScalar { IsNull: true } && mapping.Count > 1)
        {
            // '- httpApi:' with 'method:' on the next line at the same indentation: the settings sit beside it.
            var beside = mapping.Entries[1];
            _read.Error(
                ConfigErrorCodes.EventInvalid,
                beside.KeyAt,
                $"{owner} has '{beside.Key}' beside '{kind}:' instead of under it, so '{kind}' has no settings.",
                $"indent '{beside.Key}:' and the settings after it two spaces more than '{kind}:'.");
            return null;
        }

        return kind switch
        {
            "http" => HttpEvent(value, at, $"{owner} (http)", provider),
            "httpApi" => HttpApiEvent(value, at, $"{owner} (httpApi)", provider, functionPayload),
            "schedule" => ScheduleEvent(value, at, $"{owner} (schedule)"),

            // Extra keys beside the kind (a YAML indentation slip) are kept by keeping the whole item.
            _ => new OtherEvent(kind, mapping.Count == 1 ? value : mapping),
        };
    }

    private HttpEvent? HttpEvent(ConfigNode value, SourceSpan at, string owner, ProviderDefinition? provider)
    {
        var settings = value as ConfigMapping;
        var (method, path) = value is ConfigScalar { IsNull: false } shorthand
            ? SplitRoute(shorthand.ToText())
            : (_read.Text(settings, "method", owner), _read.Text(settings, "path", owner));
        if (string.IsNullOrWhiteSpace(method) || path is null)
        {
            _read.Error(
                ConfigErrorCodes.HttpEventIncomplete,
                MisspeltRouteKeyAt(settings) ?? (value is ConfigScalar { IsNull: true } ? at : value.At),
                $"{owner} has {MissingHalf(method, path)}{KeysWritten(settings)}.",
                MisspeltRouteKey(settings) +
                "write it as '- http: GET /users/{id}', or give 'method:' and 'path:' under 'http:'.");
            return null;
        }

        method = method.Trim().ToUpperInvariant();
        if (!RestMethods.Contains(method))
        {
            MethodError(settings?["method"]?.At ?? value.At, owner, method);
            return null;
        }

        if (!CheckRoutePath(path, settings?["path"]?.At ?? value.At, owner, "http"))
        {
            return null;
        }

        return new HttpEvent(
            at,
            method,
            NormalizePath(path),
            Cors(settings, owner, method),
            _read.Boolean(settings, "private", owner) ?? false,
            Integration(_read.Text(settings, "integration", owner)),
            Authorizer(settings?["authorizer"]),
            value)
        {
            Validation = RequestValidation(settings, owner, provider),
        };
    }

    private HttpApiEvent? HttpApiEvent(
        ConfigNode value,
        SourceSpan at,
        string owner,
        ProviderDefinition? provider,
        string? functionPayload)
    {
        var settings = value as ConfigMapping;
        var (method, path) = value switch
        {
            ConfigScalar { IsNull: false } route when route.ToText().Trim() == "*" => ("*", "*"),
            ConfigScalar { IsNull: false } route => SplitRoute(route.ToText()),
            _ => (_read.Text(settings, "method", owner), _read.Text(settings, "path", owner)),
        };
        // In the '<method> <path>' form the framework takes a method word only ('*' stands alone, for $default):
        // '* /x' and '* *' match neither its pattern nor its schema, and the deploy fails.
        if (value is ConfigScalar { IsNull: false } written
            && written.ToText().Trim() != "*"
            && method?.Trim() == "*")
        {
            StarMethodInRouteError(written, owner);
            return null;
        }

        // The framework takes '{path: '*'}' with no method as the catch-all, as it takes '*' alone.
        if (string.IsNullOrWhiteSpace(method) && path?.Trim() == "*")
        {
            method = "*";
        }

        if (string.IsNullOrWhiteSpace(method) || path is null)
        {
            _read.Error(
                ConfigErrorCodes.HttpApiEventIncomplete,
                MisspeltRouteKeyAt(settings) ?? (value is ConfigScalar { IsNull: true } ? at : value.At),
                $"{owner} has {MissingHalf(method, path)} " +
                $"('{(value is ConfigScalar s ? s.ToText() : "{...}")}'){KeysWritten(settings)}.",
                MisspeltRouteKey(settings) +
                "write it as '- httpApi: GET /users/{id}', as \"- httpApi: '*'\" for a catch-all, " +
                "or give 'method:' and 'path:'.");
            return null;
        }

        var pathAt = settings?["path"]?.At ?? value.At;
        if (path.Trim() == "*" && method.Trim() != "*")
        {
            CatchAllWithMethodError(pathAt, owner, method.Trim());
            return null;
        }

        method = method.Trim().ToUpperInvariant() is "*" or "ANY" ? "*" : method.Trim().ToUpperInvariant();
        if (method != "*" && (!RestMethods.Contains(method) || method == "ANY"))
        {
            MethodError(settings?["method"]?.At ?? value.At, owner, method);
            return null;
        }

        if (path.Trim() != "*" && !path.TrimStart().StartsWith('/'))
        {
            _read.Error(
                ConfigErrorCodes.RoutePathInvalid,
                pathAt,
                $"{owner} has path '{path}', which does not start with '/'.",
                "start an HTTP API path with '/', as in '/users/{id}', or use '*' for the catch-all route.");
            return null;
        }

        if (path.Trim() != "*" && !CheckRoutePath(path, pathAt, owner, "httpApi"))
        {
            return null;
        }

        // A payload on the event itself is Stratus's own shorthand; the framework reads the function's and the
        // provider's (a warning in `dev` says so).
        var payload = PayloadVersion(settings, owner) ?? functionPayload ?? provider?.HttpApiPayloadVersion ?? "2.0";
        return new HttpApiEvent(
            at,
            method,
            path.Trim() == "*" ? "*" : NormalizePath(path),
            payload,
            Authorizer(settings?["authorizer"]),
            value);
    }

    private ScheduleEvent? ScheduleEvent(ConfigNode value, SourceSpan at, string owner)
    {
        var settings = value as ConfigMapping;
        var expressions = value is ConfigScalar { IsNull: false } single
            ? [single.ToText()]
            : _read.TextList(settings, "rate", owner);
        var expressionsAt = ExpressionSpans(value, settings?["rate"]);
        var invalid = expressions?.ToList().FindIndex(expression => !IsScheduleExpression(expression)) ?? -1;
        if (expressions is null || expressions.Count == 0 || invalid >= 0)
        {
            _read.Error(
                ConfigErrorCodes.ScheduleInvalid,
                invalid >= 0 && invalid < expressionsAt.Count
                    ? expressionsAt[invalid]
                    : settings?["rate"]?.At ?? (value is ConfigScalar { IsNull: true } ? at : value.At),
                invalid < 0
                    ? $"{owner} has no rate."
                    : $"{owner} has the rate '{DisplayText.Escaped(expressions?[invalid] ?? "")}', which is not " +
                        $"rate(...) or cron(...){ShapeProblem(expressions?[invalid] ?? "")}.",
                "use an expression such as 'rate(5 minutes)' or 'cron(0 12 * * ? *)'.");
            return null;
        }

        CheckOneInput(settings, owner);
        CheckInputIsJson(settings?["input"], owner);
        CheckInputBodyIsJson(settings?["input"], owner);
        CheckName(settings, expressions.Count, owner);
        var usesScheduler = UsesScheduler(settings, owner);
        var timezone = Timezone(settings, usesScheduler, owner);
        return new ScheduleEvent(
            at,
            expressions,
            _read.Boolean(settings, "enabled", owner) ?? true,
            settings?["input"],
            _read.Text(settings, "name", owner),
            _read.Text(settings, "description", owner),
            value)
        {
            ExpressionsAt = expressionsAt,
            InputPath = InputText(settings, "inputPath", owner),
            InputTransformer = InputTransformer(settings, owner),
            UsesScheduler = usesScheduler,
            Timezone = timezone,
        };
    }

    /// <summary>
    /// Reads <c>method</c>; EventBridge Scheduler takes neither a path into the event nor a transformer, so the
    /// framework refuses them with it.
    /// </summary>
    private bool UsesScheduler(ConfigMapping? settings, string owner)
    {
        var method = _read.Text(settings, "method", owner);
        if (method is not (null or "eventBus" or "scheduler"))
        {
            _read.Error(
                ConfigErrorCodes.ScheduleSettingInvalid,
                settings!["method"]!.At,
                $"{owner} has the method '{method}', which is neither 'eventBus' nor 'scheduler'.",
                "write 'method: scheduler' for EventBridge Scheduler, or leave method out for an EventBridge rule.");
            return false;
        }

        if (method != "scheduler")
        {
            return false;
        }

        foreach (var key in (string[])["inputPath", "inputTransformer"])
        {
            if (GivenEntry(settings, key) is { } entry)
            {
                _read.Error(
                    ConfigErrorCodes.ScheduleSettingInvalid,
                    entry.KeyAt,
                    $"{owner} sets '{key}' with 'method: scheduler'; EventBridge Scheduler has no {key}, and the " +
                    "framework refuses it.",
                    "give the function constant JSON with 'input', or leave method out to use an EventBridge rule.");
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a name is an IANA time zone this machine knows: the zoneinfo folder also holds 'localtime' (this
    /// machine's own zone), 'posixrules', 'Factory' and the 'posix/' and 'right/' copies, which Scheduler does not
    /// take.
    /// </summary>
    private static bool IsIanaZone(string name) =>
        name is not ("localtime" or "posixrules" or "Factory")
        && !name.StartsWith("posix/", StringComparison.Ordinal)
        && !name.StartsWith("right/", StringComparison.Ordinal)
        && !name.StartsWith('/')
        && TimeZoneInfo.TryFindSystemTimeZoneById(name, out _);

    /// <summary>
    /// Reads <c>timezone</c>, which only EventBridge Scheduler takes (rules run in UTC), as an IANA zone name.
    /// </summary>
    private ConfigScalar? Timezone(ConfigMapping? settings, bool usesScheduler, string owner)
    {
        if (GivenEntry(settings, "timezone") is not { } entry)
        {
            return null;
        }

        if (!usesScheduler)
        {
            _read.Error(
                ConfigErrorCodes.ScheduleSettingInvalid,
                entry.KeyAt,
                $"{owner} sets 'timezone' without 'method: scheduler'; only EventBridge Scheduler takes a time " +
                "zone (EventBridge rules run in UTC), and the framework refuses it.",
                "add 'method: scheduler', or drop 'timezone' and write the cron in UTC.");
            return null;
        }

        if (entry.Value is not ConfigScalar { Kind: ScalarKind.Text } zone
            || !IsIanaZone(zone.ToText()))
        {
            _read.Error(
                ConfigErrorCodes.ScheduleSettingInvalid,
                entry.Value.At,
                $"{owner} has the timezone '{ModelReader.Shown(entry.Value)}', which is not an IANA time zone this " +
                "machine knows.",
                "write an IANA time zone name, such as 'Europe/Paris' or 'America/New_York'.");
            return null;
        }

        return zone;
    }

    private static List<SourceSpan> ExpressionSpans(ConfigNode value, ConfigNode? rate) => (value, rate) switch
    {
        (ConfigScalar single, _) => [single.At],
        (_, ConfigScalar one) => [one.At],
        (_, ConfigSequence list) => list.Items.Select(item => item.At).ToList(),
        _ => [],
    };

    /// <summary>EventBridge gives a target one of constant input, a path into the event, or a transformer.</summary>
    private void CheckOneInput(ConfigMapping? settings, string owner)
    {
        var given = InputKeys.Select(key => GivenEntry(settings, key)).OfType<ConfigEntry>().ToList();
        if (given.Count > 1)
        {
            _read.Error(
                ConfigErrorCodes.ScheduleInputInvalid,
                given[1].KeyAt,
                $"{owner} sets both '{given[0].Key}' and '{given[1].Key}'; EventBridge takes only one of " +
                "input, inputPath and inputTransformer.",
                "keep one: 'input' for constant JSON, 'inputPath' for a part of the event, 'inputTransformer' " +
                "to build the input from the event.");
        }
    }

    /// <summary>The entry of <paramref name="key"/> when it is written with a value (not absent, not null).</summary>
    private static ConfigEntry? GivenEntry(ConfigMapping? settings, string key) =>
        settings is not null
        && settings.TryGetEntry(key, out var entry)
        && entry.Value is not ConfigScalar { IsNull: true }
            ? entry
            : null;

    /// <summary>
    /// A mapping or list is turned into JSON by the framework, but text goes to the rule as it is, and EventBridge
    /// takes a target's Input only as valid JSON text, so 'input: hello' fails the deploy.
    /// </summary>
    private void CheckInputIsJson(ConfigNode? input, string owner)
    {
        if (input is not ConfigScalar { IsNull: false, Kind: ScalarKind.Text } text || IsJson(text.ToText()))
        {
            return;
        }

        _read.Error(
            ConfigErrorCodes.ScheduleInputInvalid,
            input.At,
            $"{owner} has the input '{text.ToText()}', which is not JSON; EventBridge refuses such a target.",
            "write input as a mapping under 'input:', or as JSON text such as '\"hello\"' or '{\"key\": 1}'.");
    }

    /// <summary>
    /// An input mapping's text <c>body</c> is parsed as JSON by the framework before it writes the rule (so the
    /// function gets an object, not a string), and a body that is not JSON fails the package.
    /// </summary>
    private void CheckInputBodyIsJson(ConfigNode? input, string owner)
    {
        if (input is not ConfigMapping mapping
            || mapping["body"] is not ConfigScalar { IsNull: false, Kind: ScalarKind.Text } body
            || IsJson(body.ToText()))
        {
            return;
        }

        _read.Error(
            ConfigErrorCodes.ScheduleInputInvalid,
            body.At,
            $"{owner} has an input body '{body.ToText()}' that is not JSON; the framework parses a text body as " +
            "JSON and refuses the service when it cannot.",
            "write the body as JSON text, such as '{\"key\": 1}', or as a mapping under 'body:'.");
    }

    /// <summary>
    /// A rule's or schedule's name is 1 to 64 of letters, digits, '.', '-' and '_' (EventBridge PutRule and
    /// Scheduler CreateSchedule), and one name cannot go to the several rules a list of rates makes: the framework
    /// refuses that (SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES).
    /// </summary>
    private void CheckName(ConfigMapping? settings, int rates, string owner)
    {
        if (GivenEntry(settings, "name") is not { Value: ConfigScalar { Kind: ScalarKind.Text } scalar } entry)
        {
            return;
        }

        var name = scalar.ToText();
        if (rates > 1)
        {
            _read.Error(
                ConfigErrorCodes.ScheduleSettingInvalid,
                entry.KeyAt,
                $"{owner} names its {rates} rates '{name}'; each rate is a rule of its own, and two rules cannot " +
                "share a name, so the framework refuses a name with more than one rate.",
                "drop 'name', or write one schedule event per rate, each with its own name.");
        }
        else if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            _read.Error(
                ConfigErrorCodes.ScheduleSettingInvalid,
                scalar.At,
                $"{owner} has the name '{name}', which EventBridge refuses: a name is 1 to 64 letters, digits, " +
                "'.', '-' or '_'.",
                "rename it with those characters only, such as 'nightly-report'.");
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private ConfigScalar? InputText(ConfigMapping? settings, string key, string owner)
    {
        switch (settings?[key])
        {
            case null or ConfigScalar { IsNull: true }:
                return null;
            case ConfigScalar { Kind: ScalarKind.Text } text:
                return text;
            case { } node:
                _read.Error(
                    ConfigErrorCodes.ScheduleInputInvalid,
                    node.At,
                    $"{owner} has {key} '{ModelReader.Shown(node)}', which is a {ModelReader.Describe(node)}, " +
                    "not text.",
                    key == "inputTemplate"
                        ? "write the template as one quoted string, such as '{\"time\": <time>}'."
                        : $"write {key} as a quoted JSON path, such as '$.detail'.");
                return null;
        }
    }

    private ScheduleInputTransformer? InputTransformer(ConfigMapping? settings, string owner)
    {
        var node = settings?["inputTransformer"];
        if (node is null or ConfigScalar { IsNull: true })
        {
            return null;
        }

        var transformerOwner = $"{owner} inputTransformer";
        if (node is not ConfigMapping transformer || transformer["inputTemplate"] is null)
        {
            _read.Error(
                ConfigErrorCodes.ScheduleInputInvalid,
                node.At,
                $"{transformerOwner} has no inputTemplate.",
                "give 'inputTemplate' (and 'inputPathsMap' for its variables), such as " +
                "inputTemplate: '{\"time\": <time>}' with inputPathsMap: {time: '$.time'}.");
            return null;
        }

        var template = InputText(transformer, "inputTemplate", transformerOwner);
        var paths = InputPathsMap(transformer["inputPathsMap"], transformerOwner);
        return template is null || paths is null ? null : new ScheduleInputTransformer(paths, template);
    }

    private Dictionary<string, ConfigScalar>? InputPathsMap(ConfigNode? node, string owner)
    {
        var paths = new Dictionary<string, ConfigScalar>(StringComparer.Ordinal);
        if (node is null or ConfigScalar { IsNull: true })
        {
            return paths;
        }

        if (node is not ConfigMapping map)
        {
            _read.Error(
                ConfigErrorCodes.ScheduleInputInvalid,
                node.At,
                $"{owner} has inputPathsMap '{ModelReader.Shown(node)}', not a mapping of names to JSON paths.",
                "write inputPathsMap as name: '$.path' pairs, such as time: '$.time'.");
            return null;
        }

        if (map.Count > MaxInputVariables)
        {
            _read.Error(
                ConfigErrorCodes.ScheduleInputInvalid,
                node.At,
                $"{owner} has {map.Count} inputPathsMap variables; EventBridge allows {MaxInputVariables}.",
                $"keep at most {MaxInputVariables} variables, or pass a larger part of the event with one path.");
            return null;
        }

        var valid = true;
        foreach (var entry in map.Entries)
        {
            valid &= InputVariable(entry, owner, paths);
        }

        return valid ? paths : null;
    }

    private bool InputVariable(ConfigEntry entry, string owner, Dictionary<string, ConfigScalar> paths)
    {
        // AWS reserves the 'aws.' prefix for its predefined variables (eb-transform-target-input.html).
        if (entry.Key.StartsWith("aws.", StringComparison.OrdinalIgnoreCase))
        {
            _read.Error(
                ConfigErrorCodes.ScheduleInputInvalid,
                entry.KeyAt,
                $"{owner} defines the variable '{entry.Key}'; names starting with 'aws.' are EventBridge's own.",
                "rename the variable; <aws.events.rule-name> and the other predefined ones need no inputPathsMap.");
            return false;
        }

        if (entry.Value is not ConfigScalar { Kind: ScalarKind.Text } path)
        {
            _read.Error(
                ConfigErrorCodes.ScheduleInputInvalid,
                entry.Value.At,
                $"{owner} maps '{entry.Key}' to '{ModelReader.Shown(entry.Value)}', not a JSON path.",
                $"write it as a quoted JSON path, such as {entry.Key}: '$.time'.");
            return false;
        }

        paths[entry.Key] = path;
        return true;
    }

    private HttpCors? Cors(ConfigMapping? settings, string owner, string method)
    {
        IReadOnlyList<string> methods = method == "OPTIONS" ? ["OPTIONS"] : ["OPTIONS", method];
        switch (settings?["cors"])
        {
            case null or ConfigScalar { IsNull: true }:
                return null;
            case ConfigScalar { Kind: ScalarKind.Boolean } flag:
                return flag.AsBoolean == true ? new HttpCors { Methods = methods } : null;
            case ConfigMapping cors:
                var corsOwner = $"{owner} cors";
                // The framework's getCors keeps the two apart: 'origin' (default '*', dropped when 'origins' is
                // given) is sent as written, 'origins' is matched by a template (validate.js, cors.js).
                var origins = _read.TextList(cors, "origins", corsOwner);
                var origin = _read.TextList(cors, "origin", corsOwner) is { } written
                    ? string.Join(',', written)
                    : origins is null ? "*" : null;
                return new HttpCors
                {
                    Origin = origin,
                    Origins = origins ?? [],
                    Headers = _read.TextList(cors, "headers", corsOwner) ?? HttpCors.DefaultHeaders,
                    Methods = _read.TextList(cors, "methods", corsOwner) ?? methods,
                    AllowCredentials = _read.Boolean(cors, "allowCredentials", corsOwner) ?? false,
                    MaxAge = _read.MaxAge(cors, corsOwner, minimum: 1, maximum: int.MaxValue),
                    CacheControl = _read.Text(cors, "cacheControl", corsOwner),
                };
            case { } node:
                _read.Error(
                    ConfigErrorCodes.CorsInvalid,
                    node.At,
                    $"{owner} has cors '{ModelReader.Shown(node)}', neither true/false nor a mapping of cors settings.",
                    "set cors: true, or give a mapping with origin, headers and allowCredentials.");
                return null;
        }
    }

    /// <summary>
    /// API Gateway accepts segments that are literal text, a '{name}' parameter or, last, a greedy '{name+}'.
    /// </summary>
    private bool CheckRoutePath(string writtenPath, SourceSpan at, string owner, string kind)
    {
        // An empty segment would be a REST resource with no path part, which API Gateway refuses at deploy; it is
        // looked for before a leading or trailing slash is normalized away.
        var path = NormalizePath(writtenPath);
        if (writtenPath.Trim().Contains("//", StringComparison.Ordinal))
        {
            _read.Error(
                ConfigErrorCodes.RoutePathInvalid,
                at,
                $"{owner} has {kind} path '{writtenPath.Trim()}', with an empty segment ('//'), which API Gateway " +
                "does not accept.",
                "write one '/' between segments.");
            return false;
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var index = 0; index < segments.Length; index++)
        {
            var problem = RouteSegmentProblem(segments[index], isLast: index == segments.Length - 1);
            if (problem is not null)
            {
                _read.Error(
                    ConfigErrorCodes.RoutePathInvalid,
                    at,
                    $"{owner} has {kind} path '{DisplayText.Escaped(path)}': segment " +
                    $"'{DisplayText.Escaped(segments[index])}' {problem}.",
                    "write each segment as plain text, '{name}', or, for the last one only, '{name+}'.");
                return false;
            }
        }

        // pathParameters is a map by name: a name used twice would keep only the last segment's value.
        var repeated = segments.Where(segment => segment.StartsWith('{'))
            .GroupBy(segment => segment.Trim('{', '}', '+'), StringComparer.Ordinal)
            .FirstOrDefault(names => names.Count() > 1);
        if (repeated is not null)
        {
            _read.Error(
                ConfigErrorCodes.RoutePathInvalid,
                at,
                $"{owner} has {kind} path '{path}', which names the parameter '{repeated.Key}' twice, so the event's " +
                "pathParameters could hold only one of the two values.",
                $"give each parameter its own name, such as '{{{repeated.Key}}}' and '{{{repeated.Key}2}}'.");
            return false;
        }

        return true;
    }

    private static string? RouteSegmentProblem(string segment, bool isLast)
    {
        if (segment.Contains('?', StringComparison.Ordinal))
        {
            return "holds '?', which starts a request's query string, so no request could reach the route";
        }

        if (segment.Contains('#', StringComparison.Ordinal))
        {
            return "holds '#', which starts a URL's fragment, which clients never send";
        }

        if (segment.Any(char.IsWhiteSpace))
        {
            return "holds whitespace (such as a space, a tab or a no-break space), which API Gateway does not " +
                "take in a path (the framework refuses it)";
        }

        if (segment.Any(char.IsControl))
        {
            return "holds a control character, which no request path can carry unencoded";
        }

        var opens = segment.Count(c => c == '{');
        var closes = segment.Count(c => c == '}');
        if (opens == 0 && closes == 0)
        {
            return null;
        }

        if (opens != 1 || closes != 1 || segment[0] != '{' || segment[^1] != '}' || segment.Length < 3)
        {
            return "mixes braces with text or leaves a brace unclosed";
        }

        var greedy = segment.EndsWith("+}", StringComparison.Ordinal);
        if (greedy && !isLast)
        {
            return "is greedy but not the last segment";
        }

        return greedy && segment.Length < 4 ? "names no parameter" : null;
    }

    /// <summary>
    /// The path '*' is API Gateway's $default route, which takes every method: the framework (v3, compile/events/
    /// http-api.js, INVALID_HTTP_API_PATH) refuses it with any method but '*', even 'ANY', where Stratus used to
    /// take 'GET *' silently as the catch-all for every method.
    /// </summary>
    private void CatchAllWithMethodError(SourceSpan at, string owner, string method) => _read.Error(
        ConfigErrorCodes.RoutePathInvalid,
        at,
        $"{owner} has the path '*' with the method '{DisplayText.Escaped(method)}'; the path '*' is the catch-all " +
        "route $default, which takes every method, and the Serverless Framework refuses it with any method but '*'.",
        "for the catch-all, write \"- httpApi: '*'\" (or method: '*'); for every path of one method, write a greedy " +
        $"path such as '{DisplayText.Escaped(method.ToUpperInvariant())} /{{proxy+}}'.");

    private void StarMethodInRouteError(ConfigScalar route, string owner) => _read.Error(
        ConfigErrorCodes.HttpMethodInvalid,
        route.At,
        $"{owner} has the route '{DisplayText.Escaped(route.ToText())}', whose method is '*': in the " +
        "'<method> <path>' form the Serverless Framework takes a method word (GET, ANY, ...), and '*' only alone, " +
        "as the catch-all route $default.",
        "write \"- httpApi: '*'\" for the catch-all, or 'ANY /path' for every method of one path.");

    private void MethodError(SourceSpan at, string owner, string method) => _read.Error(
        ConfigErrorCodes.HttpMethodInvalid,
        at,
        $"{owner} has the method '{method}', which API Gateway does not know.",
        "use GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD, or ANY ('*' for httpApi).");

    private static string MissingHalf(string? method, string? path) => string.IsNullOrWhiteSpace(method)
        ? (path is null ? "neither a method nor a path" : "no method")
        : "no path";

    private static (string? Method, string? Path) SplitRoute(string route)
    {
        var parts = route.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            [var method, var path] => (method, path),

            // One word: 'GET' lacks its path, '/users' or 'users' (a REST path needs no leading '/') its method.
            [var method] when RestMethods.Contains(method.ToUpperInvariant()) => (method, null),
            [var path] => (null, path),
            _ => (null, null),
        };
    }

    /// <summary>
    /// Paths get one leading '/' and lose a trailing one, so 'users/{id}/' and '/users/{id}' are the same
    /// route.
    /// </summary>
    private static string NormalizePath(string path)
    {
        var trimmed = path.Trim().Trim('/');
        return "/" + trimmed;
    }

    /// <summary>
    /// "did you mean 'method' for 'methd'? " when a key of an incomplete route is a typo of a missing one.
    /// </summary>
    private static string MisspeltRouteKey(ConfigMapping? settings) =>
        MisspeltRouteEntry(settings) is ({ } entry, { } meant) ? $"did you mean '{meant}' for '{entry.Key}'? " : "";

    /// <summary>Where a typo of a missing route key sits: the line to fix, rather than the event's first key.</summary>
    private static SourceSpan? MisspeltRouteKeyAt(ConfigMapping? settings) => MisspeltRouteEntry(settings).Entry?.KeyAt;

    private static (ConfigEntry? Entry, string? Meant) MisspeltRouteEntry(ConfigMapping? settings)
    {
        string[] routeKeys = ["method", "path"];
        var missing = routeKeys.Where(key => settings?[key] is null).ToList();
        return (settings?.Entries ?? [])
            .Where(entry => !routeKeys.Contains(entry.Key, StringComparer.Ordinal))
            .Select(entry => ((ConfigEntry?)entry, Spelling.Closest(entry.Key, missing)))
            .FirstOrDefault(pair => pair.Item2 is not null);
    }

    /// <summary>The keys an incomplete route does have, so a misspelt 'mehtod' shows in the message.</summary>
    private static string KeysWritten(ConfigMapping? settings) =>
        settings is { Count: > 0 } ? $"; its keys are '{string.Join("', '", settings.Keys)}'" : string.Empty;

    private static string Integration(string? integration) => integration?.Trim().ToLowerInvariant() switch
    {
        null or "" or "lambda-proxy" or "lambda_proxy" or "aws_proxy" or "aws-proxy" => "lambda-proxy",
        "lambda" or "aws" => "lambda",
        "http_proxy" => "http-proxy",
        var other => other,
    };

    private static string? Authorizer(ConfigNode? node) => node switch
    {
        ConfigScalar { IsNull: false } name => name.ToText(),
        ConfigMapping settings =>
            (settings["name"] ?? settings["arn"] ?? settings["id"] ?? settings["type"]) is ConfigScalar value
                ? value.ToText()
                : null,
        _ => null,
    };

    /// <summary>Why text that looks like a rate or a cron is neither; empty when it looks like neither.</summary>
    private static string ShapeProblem(string expression)
    {
        var trimmed = expression.Trim();
        var kind = trimmed.Length >= 4 ? trimmed[..4].ToLowerInvariant() : "";
        if (kind is not ("rate" or "cron"))
        {
            return "";
        }

        return trimmed.StartsWith(kind + "(", StringComparison.Ordinal)
            ? ": it has no closing ')'"
            : $": EventBridge takes '{kind}(' in lower case, with no space before the '('";
    }

    private static bool IsScheduleExpression(string expression)
    {
        var trimmed = expression.Trim();
        var known = trimmed.StartsWith("rate(", StringComparison.Ordinal)
            || trimmed.StartsWith("cron(", StringComparison.Ordinal);
        return known && trimmed.EndsWith(')');
    }
}
