namespace Stratus.Service.Internal.Model;

/// <summary>The functions block.</summary>
internal sealed partial class ServiceModelBuilder
{
    private List<FunctionDefinition> Functions(string serviceName, ProviderDefinition? provider)
    {
        var functions = new List<FunctionDefinition>();
        switch (_root["functions"])
        {
            case null or ConfigScalar { IsNull: true }:
                return functions;
            case ConfigSequence list:
                return MergeFunctionList(list) is { } merged ? Functions(merged, serviceName, provider) : functions;
            case ConfigMapping mapping:
                return Functions(mapping, serviceName, provider);
            case { } node:
                _read.Error(
                    ConfigErrorCodes.FunctionInvalid,
                    node.At,
                    $"'functions' is a {ModelReader.Describe(node)}, not a mapping of function names to settings.",
                    "write each function as 'name:' under 'functions:', with 'handler:' under it.");
                return functions;
        }
    }

    private List<FunctionDefinition> Functions(ConfigMapping mapping, string serviceName, ProviderDefinition? provider)
    {
        var functions = new List<FunctionDefinition>();
        var everyDefaultNameTooLong = CheckDefaultNamePrefix(mapping, serviceName, provider);
        foreach (var entry in mapping.Entries)
        {
            var function = Function(entry, serviceName, provider, everyDefaultNameTooLong);
            if (function is not null)
            {
                functions.Add(function);
            }
        }

        CheckRouteConflicts(functions);
        CheckScheduleNames(functions);
        CheckRestSiblingVariables(functions);
        return functions;
    }

    /// <summary>
    /// Functions written as a list of mappings (often one per included file, '- ${file(a.yml)}') as one mapping:
    /// the framework merges the items in order, and so does Stratus, keeping each function's position. A null
    /// item is skipped, as the framework skips it. A key
    /// given by two items is an error at the second: the framework's merge would mix two functions' settings into
    /// one, which is never what the file meant.
    /// </summary>
    private ConfigMapping? MergeFunctionList(ConfigSequence list)
    {
        var entries = new List<ConfigEntry>();
        var seen = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        var valid = true;
        foreach (var item in list.Items)
        {
            if (item is ConfigScalar { IsNull: true })
            {
                continue;
            }

            if (item is not ConfigMapping mapping)
            {
                _read.Error(
                    ConfigErrorCodes.FunctionInvalid,
                    item.At,
                    $"an item of the 'functions' list is a {ModelReader.Describe(item)}, not a mapping of " +
                    "function names to settings.",
                    "write each item as '- name:' with the function's settings under it, or include a file of them.");
                valid = false;
                continue;
            }

            // `- handler: A::B` is one function's settings without its name, not a function named 'handler'.
            if (mapping["handler"] is ConfigScalar)
            {
                _read.Error(
                    ConfigErrorCodes.FunctionInvalid,
                    item.At,
                    "an item of the 'functions' list holds a function's settings ('handler: ...') without the " +
                    "function's name.",
                    "name the function and indent its settings under the name: '- status:', then 'handler: ...' " +
                    "under it.");
                valid = false;
                continue;
            }

            foreach (var entry in mapping.Entries)
            {
                if (seen.TryGetValue(entry.Key, out var first))
                {
                    _read.Error(
                        ConfigErrorCodes.FunctionKeyRepeated,
                        entry.KeyAt,
                        $"function '{DisplayText.Escaped(entry.Key)}' is given again by another item of the " +
                        $"'functions' list; the first is at line {first.KeyAt.Line}.",
                        "rename one of the two functions, or remove one of them.");
                    valid = false;
                    continue;
                }

                seen[entry.Key] = entry;
                entries.Add(entry);
            }
        }

        return valid ? new ConfigMapping(list.At, entries) : null;
    }

    /// <summary>
    /// API Gateway refuses two integrations for one route; parameter names do not make routes differ, so
    /// 'GET /x/{id}' and 'GET /x/{name}' conflict too.
    /// </summary>
    private void CheckRouteConflicts(List<FunctionDefinition> functions)
    {
        var seen = new Dictionary<string, (string Function, FunctionEvent Event)>(StringComparer.Ordinal);
        foreach (var function in functions)
        {
            foreach (var route in function.Events)
            {
                if (RouteAsWritten(route) is not { } written)
                {
                    continue;
                }

                var key = RouteShape(written);
                if (seen.TryGetValue(key, out var first))
                {
                    var firstWritten = RouteAsWritten(first.Event);
                    var sameFunction = first.Function == function.Key;
                    var declarer = sameFunction ? "it" : $"function '{first.Function}'";
                    _read.Error(
                        ConfigErrorCodes.RouteConflict,
                        route.At,
                        $"function '{function.Key}' declares route '{written}', which {declarer} already " +
                        $"declares at line {first.Event.At.Line}" +
                        (firstWritten == written ? "." : $", as '{firstWritten}'."),
                        sameFunction
                            ? "remove one of the two events, or change its method or path."
                            : "give each route one function: change the method or path of one of them.");
                    continue;
                }

                seen.TryAdd(key, (function.Key, route));
            }
        }
    }

    /// <summary>
    /// A schedule's name is the name of one EventBridge rule (or one Scheduler schedule), so a second schedule of
    /// the same name, in this function or another, is a second resource the deploy cannot create. Rules and
    /// Scheduler schedules have names apart, so only schedules of the same method clash; a disabled schedule is
    /// still deployed, so it counts.
    /// </summary>
    private void CheckScheduleNames(List<FunctionDefinition> functions)
    {
        var seen = new Dictionary<(bool, string), (string Function, SourceSpan At)>();
        foreach (var function in functions)
        {
            foreach (var schedule in function.Events.OfType<ScheduleEvent>())
            {
                if (schedule.Name is not { } name || (schedule.Node as ConfigMapping)?["name"] is not { } nameNode)
                {
                    continue;
                }

                if (!seen.TryAdd((schedule.UsesScheduler, name), (function.Key, nameNode.At)))
                {
                    var first = seen[(schedule.UsesScheduler, name)];
                    var owner = first.Function == function.Key
                        ? "another of its schedules"
                        : $"function '{first.Function}'";
                    _read.Error(
                        ConfigErrorCodes.ScheduleSettingInvalid,
                        nameNode.At,
                        $"function '{function.Key}' names a schedule '{name}', which {owner} already uses at " +
                        $"{first.At}; a name is one EventBridge rule, and the deploy cannot create two.",
                        "give each schedule a name of its own, or drop 'name' to let the framework name the rule.");
                }
            }
        }
    }

    private static string? RouteAsWritten(FunctionEvent route) => route switch
    {
        HttpEvent http => $"http {http.Method} {http.Path}",
        HttpApiEvent httpApi => $"httpApi {httpApi.RouteKey}",
        _ => null,
    };

    /// <summary>
    /// A REST API is a tree of resources, and a resource may have one variable child only: API Gateway refuses
    /// '/pets/{id}' beside '/pets/{name}/toys' ("A sibling ({id}) of this resource already has a variable path
    /// part -- only one is allowed"), so the deploy fails. HTTP APIs have routes, not resources.
    /// </summary>
    private void CheckRestSiblingVariables(List<FunctionDefinition> functions)
    {
        var variableChild = new Dictionary<string, (string Segment, HttpEvent Event)>(StringComparer.Ordinal);
        foreach (var http in functions.SelectMany(function => function.Events.OfType<HttpEvent>()))
        {
            var segments = http.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < segments.Length; i++)
            {
                if (!segments[i].StartsWith('{'))
                {
                    continue;
                }

                var parent = "/" + string.Join('/', segments[..i]);
                if (!variableChild.TryAdd(parent, (segments[i], http))
                    && variableChild[parent] is var (first, firstEvent)
                    && first != segments[i])
                {
                    _read.Error(
                        ConfigErrorCodes.RoutePathInvalid,
                        http.At,
                        $"http route '{http.Method} {http.Path}' puts '{segments[i]}' under '{parent}', where line " +
                        $"{firstEvent.At.Line} already puts '{first}'; a REST API resource takes one variable child.",
                        SiblingVariablesFix(parent, first, segments[i]));
                    break;
                }
            }
        }
    }

    // A greedy variable cannot be renamed into a single-segment one (or back) without changing what it matches.
    private static string SiblingVariablesFix(string parent, string first, string second)
    {
        var under = parent.TrimEnd('/');
        return first.EndsWith("+}", StringComparison.Ordinal) == second.EndsWith("+}", StringComparison.Ordinal)
            ? $"use the same name in both paths, such as '{under}/{first}'."
            : $"keep one variable under '{parent}': a greedy '{under}/{{proxy+}}' alone also matches a single " +
              "segment (its handler reads pathParameters.proxy), or move one of the routes under another path.";
    }

    // A route ('http GET /x/{id}') with its parameters unnamed ('http GET /x/{}'): names do not make routes differ.
    private static string RouteShape(string route) =>
        string.Join('/', route.Split('/').Select(segment => segment.StartsWith('{')
            ? (segment.EndsWith("+}", StringComparison.Ordinal) ? "{+}" : "{}")
            : segment));

    /// <summary>
    /// Reports once, at the service name, a '&lt;service&gt;-&lt;stage&gt;-' that leaves no room for any key in
    /// Lambda's 64 characters, instead of once per function; returns whether it did.
    /// </summary>
    private bool CheckDefaultNamePrefix(ConfigMapping functions, string serviceName, ProviderDefinition? provider)
    {
        var stage = provider?.Stage ?? "dev";
        var prefix = $"{serviceName}-{stage}-";
        var anyDefaultName = functions.Entries.Any(entry =>
            entry.Value is ConfigMapping function && function["name"] is null or ConfigScalar { IsNull: true });
        var stackNameTooLong = StackNameLength(serviceName, stage) > MaxStackNameLength;
        if (!anyDefaultName
            || prefix.Length < NameRules.MaxFunctionNameLength
            || !NameRules.IsStage(stage)
            || stackNameTooLong)
        {
            // An invalid stage, or one too long for the stack name, has its own error, which covers this one.
            return stackNameTooLong && anyDefaultName;
        }

        _read.Error(
            ConfigErrorCodes.FunctionNameInvalid,
            _root["service"]?.At ?? _documentStart,
            $"every function without a 'name:' would be deployed as '{prefix}<key>', and '{prefix}' is already " +
            $"{prefix.Length} characters: Lambda refuses a function name over {NameRules.MaxFunctionNameLength}.",
            "shorten the service name or the stage, or give each function a 'name:' of at most 64 characters.");
        return true;
    }

    private FunctionDefinition? Function(
        ConfigEntry entry, string serviceName, ProviderDefinition? provider, bool everyDefaultNameTooLong)
    {
        var owner = $"function '{DisplayText.Escaped(entry.Key)}'";
        if (entry.Value is not ConfigMapping function)
        {
            _read.Error(
                ConfigErrorCodes.FunctionInvalid,
                entry.KeyAt,
                $"{owner} has no settings (its value is a {ModelReader.Describe(entry.Value)}).",
                $"give it a mapping with at least a handler, such as 'handler: MyApp::MyApp.Function::Handle'.");
            return null;
        }

        var handler = Handler(entry, function, owner, provider);
        var stage = provider?.Stage ?? "dev";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var inherited = provider?.Environment ?? new Dictionary<string, string>();
        foreach (var (name, value) in inherited.Concat(_read.Environment(function, owner)))
        {
            environment[name] = value;
        }

        return new FunctionDefinition
        {
            Key = entry.Key,
            Name = DeployedName(entry, function, owner, serviceName, stage, everyDefaultNameTooLong),
            Handler = handler ?? string.Empty,
            Runtime = _read.Text(function, "runtime", owner) ?? provider?.Runtime,
            MemorySize = MemorySize(function, owner) ?? provider?.MemorySize ?? 1024,
            Timeout = Timeout(function, owner) ?? provider?.Timeout ?? 6,
            ReservedConcurrency = ReservedConcurrency(function, owner),
            MaximumRetryAttempts = MaximumRetryAttempts(function, owner),
            MaximumEventAge = MaximumEventAge(function, owner),
            Architecture = Architecture(function, owner) ?? provider?.Architecture,
            Environment = environment,
            Events = Events(function, owner, provider),
            HandlerSpan = function["handler"]?.At ?? entry.KeyAt,
            At = entry.KeyAt,
            Node = function,
        };
    }

    /// <summary>
    /// The function's `name`, else the framework's '&lt;service&gt;-&lt;stage&gt;-&lt;key&gt;', refused here when
    /// Lambda would refuse it: otherwise `dev` would serve, by that name, a function no deploy can create.
    /// </summary>
    private string DeployedName(
        ConfigEntry entry,
        ConfigMapping function,
        string owner,
        string serviceName,
        string stage,
        bool defaultReported)
    {
        var explicitName = _read.Text(function, "name", owner);
        var name = explicitName ?? $"{serviceName}-{stage}-{entry.Key}";
        if (NameRules.IsFunctionName(name)
            || (explicitName is null && defaultReported)
            || FixedByAValidStage(name, stage))
        {
            // The last two have their error already, at the service name or at the stage.
            return name;
        }

        var shown = $"'{DisplayText.Escaped(name)}' ({name.Length} characters";
        _read.Error(
            ConfigErrorCodes.FunctionNameInvalid,
            explicitName is null ? entry.KeyAt : function["name"]!.At,
            (explicitName is null
                ? $"{owner} would be deployed as {shown}, '<service>-<stage>-<key>')"
                : $"{owner} is named {shown})")
            + ", which Lambda refuses: a function name is 1 to 64 letters, digits, hyphens and underscores.",
            NameFix(name, explicitName is null));
        return name;
    }

    /// <summary>Whether the name fails only for an invalid stage in it, which the stage's own error names.</summary>
    private static bool FixedByAValidStage(string name, string stage) =>
        stage.Length > 0
        && !NameRules.IsStage(stage)
        && name.Contains(stage, StringComparison.Ordinal)
        && NameRules.IsFunctionName(name.Replace(stage, "dev", StringComparison.Ordinal));

    private static string NameFix(string name, bool isDefault) => (name.Length, isDefault) switch
    {
        (0, _) => "give the function a name, or remove 'name:' to deploy it as '<service>-<stage>-<key>'.",
        ( > NameRules.MaxFunctionNameLength, true) =>
            "shorten the key, the service name or the stage, or give the function a shorter 'name:'.",
        ( > NameRules.MaxFunctionNameLength, false) => "use a name of at most 64 characters.",
        (_, true) => "use only letters, digits, '-' and '_' in the key, or give the function a 'name:' of those.",
        _ => "use only letters, digits, '-' and '_' in it.",
    };

    private string? Handler(ConfigEntry entry, ConfigMapping function, string owner, ProviderDefinition? provider)
    {
        var handler = _read.Text(function, "handler", owner);
        if (!string.IsNullOrWhiteSpace(handler) || function.ContainsKey("image"))
        {
            // A container-image function has no handler; its image says what to run.
            return handler;
        }

        // Lambda requires a handler for every zip (CreateFunction: "Handler is required if the deployment package
        // is a .zip file archive"), a custom runtime's too, and the framework refuses a function with neither
        // handler nor image; for a prebuilt bootstrap the handler is only what it reads from _HANDLER.
        var runtime = (function["runtime"] as ConfigScalar)?.ToText() ?? provider?.Runtime;
        var prebuiltCustom = runtime is not null
            && runtime.StartsWith("provided", StringComparison.Ordinal)
            && (HasArtifact(function["package"]) || HasArtifact(_root["package"]));
        _read.Error(
            ConfigErrorCodes.HandlerMissing,
            function["handler"]?.At ?? entry.KeyAt with { Length = Math.Max(1, entry.Key.Length) },
            prebuiltCustom
                ? $"{owner} has no handler; Lambda requires one for every zip, a custom runtime's ('{runtime}') too."
                : $"{owner} has no handler.",
            prebuiltCustom
                ? "add 'handler:' with any text your bootstrap understands, such as 'handler: function.handler': " +
                    "Lambda passes it to the bootstrap as the _HANDLER variable and does nothing else with it."
                : "add 'handler:' naming the code to run, such as 'handler: Users::Users.GetUser::HandleAsync'.");
        return null;
    }

    private static bool HasArtifact(ConfigNode? package) =>
        package is ConfigMapping mapping && mapping["artifact"] is ConfigScalar { IsNull: false };

    private int? ReservedConcurrency(ConfigMapping function, string owner) => _read.WholeNumber(
        function,
        "reservedConcurrency",
        owner,
        0,
        int.MaxValue,
        ConfigErrorCodes.ReservedConcurrencyInvalid,
        "concurrent executions");

    // The framework writes both into the function's AWS::Lambda::EventInvokeConfig, whose limits these are.
    private int? MaximumRetryAttempts(ConfigMapping function, string owner) => _read.WholeNumber(
        function,
        "maximumRetryAttempts",
        owner,
        0,
        2,
        ConfigErrorCodes.MaximumRetryAttemptsOutOfRange,
        "retries");

    private int? MaximumEventAge(ConfigMapping function, string owner) => _read.WholeNumber(
        function,
        "maximumEventAge",
        owner,
        60,
        21600,
        ConfigErrorCodes.MaximumEventAgeOutOfRange,
        "seconds");
}
