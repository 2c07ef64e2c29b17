using System.CommandLine;
using System.Text;
using System.Text.Json;
using Stratus.Cli.Errors;
using Stratus.Cli.Output;
using Stratus.Local;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli.Commands;

/// <summary>`stratus invoke local`: runs one function once, through the same Runtime API path as `dev`.</summary>
internal static class InvokeLocalCommand
{
    // Each command gets its own option instances (the Create* methods), read back by these names: an option
    // records the commands it belongs to, and roots built at once on several threads (as tests do)
    // corrupted that record when the instances were shared statics.
    private const string FunctionName = "--function";
    private const string DataName = "--data";
    private const string EventPathName = "--path";
    private const string EnvName = "--env";
    private const string RawName = "--raw";
    private const string ContextName = "--context";
    private const string ContextPathName = "--contextPath";

    private static Option<string> CreateFunction() => new(FunctionName, "-f")
    {
        Description = "Key of the function under 'functions:' in serverless.yml.",
        Required = true,
    };

    private static Option<string?> CreateData() => new(DataName, "-d")
    {
        Description = "The event, as inline JSON, else passed as a string (without --data or --path: standard " +
            "input when piped, else {}).",
    };

    private static Option<string?> CreateEventPath() => new(EventPathName, "-p")
    {
        Description = "A file holding the event, relative to the service folder: JSON (.json), YAML (.yml, " +
            ".yaml), or any other file as text, taken as --data is.",
    };

    private static Option<string[]> CreateEnv() => new(EnvName, "-e")
    {
        Description = "An environment variable for this run, as KEY=VALUE, over the function's own; repeat for more.",
    };

    private static Option<bool> CreateRaw() => new(RawName)
    {
        Description = "Pass --data (standard input, or a --path file read as text) to the function as a JSON " +
            "string, even if it is JSON.",
    };

    private static Option<string?> CreateContext() => new(ContextName)
    {
        Description = "The client context the function sees, as a JSON object.",
    };

    private static Option<string?> CreateContextPath() => new(ContextPathName, "-x")
    {
        Description = "A JSON or YAML file holding the client context, relative to the service folder.",
    };


    // JSON.stringify's escaping, as the framework writes a string event: text stays as written.
    private static readonly JsonSerializerOptions AsWritten = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // How long a piped standard input may stay silent before the command says what it is waiting for.
    private static readonly TimeSpan QuietInputHint = TimeSpan.FromSeconds(2);

    public static Command Create(CliConsole console)
    {
        var local = new Command("local", "Run one function once on this machine and print its result.");
        local.Options.Add(CreateFunction());
        local.Options.Add(CreateData());
        local.Options.Add(CreateEventPath());
        local.Options.Add(CreateEnv());
        local.Options.Add(CreateRaw());
        local.Options.Add(CreateContext());
        local.Options.Add(CreateContextPath());
        local.Options.Add(PackagedOption.Create());
        local.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));

        var invoke = new Command("invoke", "Invoke a function.");
        invoke.Subcommands.Add(local);
        return invoke;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var (data, path) = (parse.GetValue<string?>(DataName), parse.GetValue<string?>(EventPathName));
        var piped = data is null && path is null ? await ReadPipedAsync(console, cancellationToken) : null;

        // The event is read before the service resolves, so a mistake in it is reported at once.
        var serviceDirectory = Path.GetDirectoryName(ServiceContext.ConfigPath(parse))!;
        var payload = ReadEvent(data, path, piped, parse.GetValue<bool>(RawName), serviceDirectory);
        var clientContext = ReadClientContext(
            parse.GetValue<string?>(ContextName), parse.GetValue<string?>(ContextPathName), serviceDirectory);
        var overrides = ParseEnv(parse.GetValue<string[]>(EnvName) ?? []);
        var service = ServiceContext.Load(parse);
        var function = WithEnvironment(FindFunction(service, parse.GetRequiredValue<string>(FunctionName)), overrides);

        // Lambda answers only 'Rate Exceeded.'; the command names the setting, and builds nothing to hear it.
        if (EmulationWarnings.AlwaysThrottled(function) is { } throttled)
        {
            var text = throttled.Format(ErrorReporter.SourceLine(throttled.At));
            await console.Error.WriteLineAsync(DisplayText.Escaped(text, keepLineBreaks: true));
            return ExitCodes.Failed;
        }

        // Only the one function is built and started; its logs go to stderr so stdout is just the result.
        var single = service with { Functions = [function] };

        // A deploy-only limit is an error in `package` and a warning here: the function still runs locally.
        var warnings = EmulationWarnings.ForOneFunction(service, function).Concat(EnvironmentSize.Check(single));
        ConfigWarningOutput.Write(console.Error, warnings);

        using var functionOutput = new PrefixedOutputSink(console.Error);
        await using var session = await DevSession.StartAsync(
            single,
            port: 0,
            functionOutput,
            console,
            parse.GetValue<bool>(PackagedOption.Name),
            callerShowsOutcomes: true,
            cancellationToken);
        var result = await session.Cloud.InvokeAsync(function.Key, payload, clientContext, cancellationToken);
        functionOutput.Flush();

        // Lambda's closing lines (a timeout's or a crash's line, END, then REPORT with duration, memory and, on a
        // cold start, init duration), as `sam local invoke` shows them, last, as the log has them. START and an
        // INIT_REPORT (an init that failed or timed out) were printed as they were written, among the function's
        // lines, where the log has them. The emulator writes these lines (an id, figures, its own error text), so
        // they need no escaping.
        foreach (var line in result.ClosingLogLines())
        {
            await console.Error.WriteLineAsync(line);
        }

        // A failure prints its whole error payload (errorType, errorMessage, stackTrace), as Lambda returns it.
        await console.Out.WriteLineAsync(PrettyJson(result.Payload.Span));
        if (result.Error is null)
        {
            return ExitCodes.Success;
        }

        await console.Error.WriteLineAsync(Summary(function.Key, result));
        return ExitCodes.Failed;
    }

    /// <summary>
    /// The one line that ends a failed run. The type and message come from the function's own payload, so they are
    /// escaped onto that one line (a multi-line exception message, a terminal escape sequence).
    /// </summary>
    private static string Summary(string functionKey, InvocationResult result)
    {
        var type = DisplayText.Escaped(result.ShownErrorType ?? "Unknown");
        var message = string.IsNullOrEmpty(result.ErrorMessage) ? "" : ": " + DisplayText.Escaped(result.ErrorMessage);
        return $"error: function '{functionKey}' failed ({result.Error}): {type}{message}";
    }

    /// <summary>
    /// What is piped to standard input, as the framework's `invoke local` reads it when neither --data nor --path
    /// is given; null when nothing is piped (a terminal).
    /// </summary>
    private static async Task<string?> ReadPipedAsync(CliConsole console, CancellationToken cancellationToken)
    {
        if (console.Input is not { } input)
        {
            return null;
        }

        // Console.In reads synchronously whatever the method, so the read gets a thread of its own, and a pipe that
        // stays open with nothing written (a parent that never closes it) does not wait without a word.
        var reading = Task.Run(input.ReadToEnd, cancellationToken);
        var quiet = Task.Delay(QuietInputHint, cancellationToken);
        if (await Task.WhenAny(reading, quiet) == quiet && !reading.IsCompleted && !quiet.IsCanceled)
        {
            await console.Error.WriteLineAsync(
                "Waiting for the event on standard input, which is piped and not closed yet; pass --data or --path, " +
                "or add '< /dev/null' for the default event {}.");
        }

        // A byte order mark (Windows tools write one) is not JSON; File.ReadAllText drops it for --path too.
        var text = await reading.WaitAsync(cancellationToken);
        return text.TrimStart('\uFEFF');
    }

    /// <summary>
    /// The event from --data, --path (found as <see cref="EventFile.Resolve"/> says) or standard input
    /// (<paramref name="piped"/>); with none, {}.
    /// </summary>
    /// <remarks>
    /// As the framework's invoke does (extendedValidate: JSON.parse, and "do nothing if it's a simple string"),
    /// text that is not JSON is passed as a JSON string, from --data ('--data hello' is "hello"), from standard
    /// input and from a --path file that is neither JSON nor YAML; --raw passes any such text so. Text that starts
    /// as an object or array ('{oops') is refused instead: it is a broken document far more often than a string,
    /// and --raw still sends it as one.
    /// </remarks>
    private static byte[] ReadEvent(string? data, string? path, string? piped, bool raw, string serviceDirectory)
    {
        if (data is not null && path is not null)
        {
            throw CliErrors.BothDataAndPath();
        }

        var (payload, source) = path is not null
            ? ReadEventFile(path, raw, serviceDirectory)
            : ReadEventText(data, piped, raw);

        // Lambda refuses a larger synchronous request before any function runs; so does the command, before it
        // builds anything.
        return payload.Length <= MaxSyncPayloadBytes
            ? payload
            : throw CliErrors.EventTooLarge(source, payload.Length, MaxSyncPayloadBytes);
    }

    /// <summary>
    /// The event in a --path file: a JSON or YAML document by its name, as the framework's readFileSync parses
    /// .json, .yml and .yaml files; any other file is its text, trimmed as the framework trims it, and taken as
    /// text from --data is.
    /// </summary>
    private static (byte[] Payload, string Source) ReadEventFile(string path, bool raw, string serviceDirectory)
    {
        var file = EventFile.Resolve(path, "--path", serviceDirectory, Environment.CurrentDirectory);
        var source = $"--path '{file}'";
        if (EventFile.IsDocument(file))
        {
            return (Encoding.UTF8.GetBytes(EventFile.ReadAsJson(file, "--path")), source);
        }

        var text = File.ReadAllText(file).Trim();
        var payload = TextEvent(
            text, raw, error => CliErrors.EventFileIsNotJson("--path", FileLocation(file, error), Reason(error)));
        return (payload, source);
    }

    private static (byte[] Payload, string Source) ReadEventText(string? data, string? piped, bool raw)
    {
        var given = data ?? (string.IsNullOrWhiteSpace(piped) ? null : piped);
        var source = data is not null ? "--data" : given is not null ? "standard input" : "the default event";
        if (given is null)
        {
            return ("{}"u8.ToArray(), source);
        }

        var payload = TextEvent(
            given, raw, error => CliErrors.DataIsNotJson(source, Reason(error) + TextLocation(error)));
        return (payload, source);
    }

    /// <summary>
    /// Text given as the event: its JSON document when it is one, else (or with --raw) a JSON string of it; text
    /// that starts as an object or array and is not JSON is refused with <paramref name="refusal"/>.
    /// </summary>
    private static byte[] TextEvent(string text, bool raw, Func<JsonException, UsageException> refusal)
    {
        if (raw)
        {
            return JsonSerializer.SerializeToUtf8Bytes(text, AsWritten);
        }

        if (JsonError(text) is not { } error)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        return LooksLikeJsonDocument(text)
            ? throw refusal(error)
            : JsonSerializer.SerializeToUtf8Bytes(text, AsWritten);
    }

    private static string FileLocation(string file, JsonException error) =>
        error.LineNumber is { } line ? $"{file}:{line + 1}:{error.BytePositionInLine + 1}" : file;

    private static string TextLocation(JsonException error) =>
        error.LineNumber is { } line ? $" (line {line + 1}, byte {error.BytePositionInLine + 1})" : "";

    private static string Reason(JsonException error) => FirstSentence(error.Message);

    private static bool LooksLikeJsonDocument(string text) => text.TrimStart() is ['{' or '[', ..];

    /// <summary>Why the text is not one JSON document, or null when it is.</summary>
    private static JsonException? JsonError(string text)
    {
        try
        {
            using var parsed = JsonDocument.Parse(text, AnyDepth);
            return null;
        }
        catch (JsonException error)
        {
            return error;
        }
    }

    /// <summary>
    /// The client context from --context or --contextPath as one line of ASCII JSON, the form the Runtime API's
    /// Lambda-Runtime-Client-Context header carries; null when neither is given.
    /// </summary>
    private static string? ReadClientContext(string? inline, string? path, string serviceDirectory)
    {
        if (inline is not null && path is not null)
        {
            throw CliErrors.BothContextAndContextPath();
        }

        var (json, source) = (inline, path) switch
        {
            ({ } text, _) => (text, "--context"),
            (_, { } file) => (ReadContextFile(file, serviceDirectory), "--contextPath"),
            _ => (null, ""),
        };
        return json is null ? null : ClientContextJson(json, source);
    }

    private static string ReadContextFile(string given, string serviceDirectory)
    {
        var file = EventFile.Resolve(given, "--contextPath", serviceDirectory, Environment.CurrentDirectory);
        return EventFile.ReadAsJson(file, "--contextPath");
    }

    private static string ClientContextJson(string json, string source)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw CliErrors.ClientContextInvalid(source, FirstSentence(error.Message));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw CliErrors.ClientContextInvalid(source, $"it is {Describe(root.ValueKind)}.");
        }

        // The default encoder escapes every character outside ASCII, as an HTTP header needs; the JSON is the same.
        var minified = JsonSerializer.Serialize(root);
        var base64Length = (Encoding.UTF8.GetByteCount(minified) + 2) / 3 * 4;
        return base64Length <= MaxClientContextBase64Bytes
            ? minified
            : throw CliErrors.ClientContextTooLarge(source, base64Length, MaxClientContextBase64Bytes);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "a boolean",
    };

    private static Dictionary<string, string> ParseEnv(string[] values)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw CliErrors.BadEnv(value);
            }

            variables[value[..separator]] = value[(separator + 1)..];
        }

        CheckEnvNames(variables.Keys);
        return variables;
    }

    /// <summary>
    /// Refuses --env names Lambda refuses in a function's configuration, as serverless.yml's are (STR1216): one it
    /// reserves, which the emulator sets itself and would silently win over, or one outside its name pattern.
    /// </summary>
    private static void CheckEnvNames(IEnumerable<string> names)
    {
        var reserved = names.Where(NameRules.IsReservedEnvironmentVariable).ToList();
        if (reserved.Count > 0)
        {
            throw CliErrors.ReservedEnv(reserved);
        }

        var refused = names.Where(name => !NameRules.IsEnvironmentVariableName(name)).ToList();
        if (refused.Count > 0)
        {
            throw CliErrors.InvalidEnvName(refused, NameRules.EnvironmentVariableNameRule);
        }
    }

    /// <summary>The function with --env values over its own environment, as the framework's invoke sets them.</summary>
    private static FunctionDefinition WithEnvironment(FunctionDefinition function, Dictionary<string, string> overrides)
    {
        if (overrides.Count == 0)
        {
            return function;
        }

        var environment = new Dictionary<string, string>(function.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }

        return function with { Environment = environment };
    }

    private static FunctionDefinition FindFunction(ServiceDefinition service, string key) =>
        service.Functions.FirstOrDefault(f => f.Key == key)
        ?? throw CliErrors.UnknownFunction(key, service.Functions.Select(f => f.Key));

    /// <summary>The payload indented, or as it came when it is not JSON or nests past 64 levels.</summary>
    /// <remarks>Indenting deep JSON would print a line per level, each longer than the last.</remarks>
    private static string PrettyJson(ReadOnlySpan<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            return JsonSerializer.Serialize(document.RootElement, PrettyOptions);
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(payload);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    // Lambda's quota for a synchronous invocation's request payload: 6 MB (6,291,456 bytes).
    private const int MaxSyncPayloadBytes = 6 * 1024 * 1024;

    // API_Invoke's ClientContext: "Up to 3,583 bytes of base64-encoded data", as the Invoke API checks it.
    private const int MaxClientContextBase64Bytes = 3583;

    // Lambda takes any valid JSON as an event, however deep; the parser keeps its nesting on the heap.
    private static readonly JsonDocumentOptions AnyDepth = new() { MaxDepth = int.MaxValue };

    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
