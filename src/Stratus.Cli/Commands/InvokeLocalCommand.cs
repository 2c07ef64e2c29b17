using System.CommandLine;
using System.Text;
using System.Text.Json;
using Stratus.Cli.Errors;
using Stratus.Cli.Output;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli.Commands;

/// <summary>`stratus invoke local`: runs one function once, through the same Runtime API path as `dev`.</summary>
internal static class InvokeLocalCommand
{
    private static readonly Option<string> Function = new("--function", "-f")
    {
        Description = "Key of the function under 'functions:' in serverless.yml.",
        Required = true,
    };

    private static readonly Option<string?> Data = new("--data", "-d")
    {
        Description = "The event, as inline JSON (without --data or --path: standard input when piped, else {}).",
    };

    private static readonly Option<string?> EventPath = new("--path", "-p")
    {
        Description = "A JSON or YAML (.yml, .yaml) file holding the event, relative to the service folder.",
    };

    private static readonly Option<bool> Packaged = PackagedOption.Create();

    // How long a piped standard input may stay silent before the command says what it is waiting for.
    private static readonly TimeSpan QuietInputHint = TimeSpan.FromSeconds(2);

    public static Command Create(CliConsole console)
    {
        var local = new Command("local", "Run one function once on this machine and print its result.");
        local.Options.Add(Function);
        local.Options.Add(Data);
        local.Options.Add(EventPath);
        local.Options.Add(Packaged);
        local.SetAction((parse, cancellationToken) => RunAsync(parse, console, cancellationToken));

        var invoke = new Command("invoke", "Invoke a function.");
        invoke.Subcommands.Add(local);
        return invoke;
    }

    private static async Task<int> RunAsync(ParseResult parse, CliConsole console, CancellationToken cancellationToken)
    {
        var (data, path) = (parse.GetValue(Data), parse.GetValue(EventPath));
        var piped = data is null && path is null ? await ReadPipedAsync(console, cancellationToken) : null;

        // The event is read before the service resolves, so a mistake in it is reported at once.
        var serviceDirectory = Path.GetDirectoryName(ServiceContext.ConfigPath(parse))!;
        var payload = ReadEvent(data, path, piped, serviceDirectory);
        var service = ServiceContext.Load(parse);
        var function = FindFunction(service, parse.GetRequiredValue(Function));

        // Only the one function is built and started; its logs go to stderr so stdout is just the result.
        var single = service with { Functions = [function] };

        // A deploy-only limit is an error in `package` and a warning here: the function still runs locally.
        foreach (var warning in EnvironmentSize.Check(single))
        {
            await console.Error.WriteLineAsync(warning.Format(ErrorReporter.SourceLine(warning.At), "warning"));
        }

        using var functionOutput = new PrefixedOutputSink(console.Error);
        await using var session = await DevSession.StartAsync(
            single,
            port: 0,
            functionOutput,
            console,
            parse.GetValue(Packaged),
            callerShowsOutcomes: true,
            cancellationToken);
        var result = await session.Cloud.InvokeAsync(function.Key, payload, cancellationToken);
        functionOutput.Flush();

        // A failure prints its whole error payload (errorType, errorMessage, stackTrace), as Lambda returns it.
        await console.Out.WriteLineAsync(PrettyJson(result.Payload.Span));
        if (result.Error is null)
        {
            return ExitCodes.Success;
        }

        await console.Error.WriteLineAsync(
            $"error: function '{function.Key}' failed ({result.Error}): {result.ErrorType}: {result.ErrorMessage}");
        return ExitCodes.Failed;
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
    private static byte[] ReadEvent(string? data, string? path, string? piped, string serviceDirectory)
    {
        if (data is not null && path is not null)
        {
            throw CliErrors.BothDataAndPath();
        }

        if (path is not null)
        {
            var file = EventFile.Resolve(path, "--path", serviceDirectory, Environment.CurrentDirectory);
            return Encoding.UTF8.GetBytes(EventFile.ReadAsJson(file, "--path"));
        }

        var (json, source) = (data, piped) switch
        {
            ({ } inline, _) => (inline, "--data"),
            (_, { } text) when !string.IsNullOrWhiteSpace(text) => (text, "standard input"),
            _ => ("{}", "the default event"),
        };

        try
        {
            using var parsed = JsonDocument.Parse(json, AnyDepth);
        }
        catch (JsonException error)
        {
            var where = error.LineNumber is { } line ? $" (line {line + 1}, byte {error.BytePositionInLine + 1})" : "";
            throw CliErrors.DataIsNotJson(source, FirstSentence(error.Message) + where);
        }

        return Encoding.UTF8.GetBytes(json);
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

    // Lambda takes any valid JSON as an event, however deep; the parser keeps its nesting on the heap.
    private static readonly JsonDocumentOptions AnyDepth = new() { MaxDepth = int.MaxValue };

    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
