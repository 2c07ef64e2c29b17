using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stratus.Local.TestRuntime;

/// <summary>
/// Loops next → handle → response/error against AWS_LAMBDA_RUNTIME_API. _HANDLER picks the behaviour; an event
/// (or an HTTP event's query string) may override it with a "behaviour" field, so one function can do several.
/// Any missing header or variable AWS always sets ends the process with exit code 4: a loud failure.
/// </summary>
internal static class Program
{
    private const string BinaryAnswer =
        """{"statusCode":200,"headers":{"Content-Type":"application/octet-stream"},""" +
        "\"body\":\"AAECAw==\",\"isBase64Encoded\":true}";

    private static readonly string[] RequiredHeaders =
    [
        "Lambda-Runtime-Aws-Request-Id",
        "Lambda-Runtime-Deadline-Ms",
        "Lambda-Runtime-Invoked-Function-Arn",
        "Lambda-Runtime-Trace-Id",
    ];

    private static readonly string[] RequiredEnvironment =
    [
        "AWS_LAMBDA_RUNTIME_API", "_HANDLER", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_EXECUTION_ENV", "TZ",
    ];

    private static readonly string[] Behaviours =
    [
        "echo", "http-ok", "binary", "throw", "crash", "sleep", "init-error", "init-exit", "malformed", "big", "pid",
        "slow-pid", "probe", "own-cors", "size", "hold", "identity", "print-event", "remaining", "reply", "echo-raw",
        "slow-init", "fail-times", "allocate", "answer-then-exit", "partial-line", "answer-then-linger",
        "answer-twice",
    ];

    // Memory the "allocate" behaviour keeps alive across invocations, as a leaking handler would.
    private static readonly List<byte[]> Allocated = [];

    // Events of any depth: tests send JSON nested far past System.Text.Json's default of 64 levels.
    private static readonly JsonDocumentOptions AnyDepth = new() { MaxDepth = int.MaxValue };

    public static async Task<int> Main()
    {
        foreach (var name in RequiredEnvironment)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            {
                return Fail($"environment variable {name} is missing");
            }
        }

        var handler = Environment.GetEnvironmentVariable("_HANDLER")!;
        var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
        using var http = new HttpClient
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/runtime/"),

            // The next call is a long poll: it may wait for as long as the instance stays idle.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Console.WriteLine($"init: handler {handler} pid {Environment.ProcessId}");
        if (handler == "init-exit")
        {
            return 2;
        }

        if (handler == "init-error" || !Behaviours.Contains(handler))
        {
            await PostInitErrorAsync(http, handler);
            return 1;
        }

        if (handler == "slow-init")
        {
            await HoldInitAsync();
        }

        while (true)
        {
            using var next = await http.GetAsync("invocation/next");
            if (next.StatusCode != HttpStatusCode.OK)
            {
                return Fail($"GET next answered {(int)next.StatusCode}");
            }

            var missing = RequiredHeaders.Where(header => !next.Headers.Contains(header)).ToList();
            if (missing.Count > 0)
            {
                return Fail("the next event lacks " + string.Join(", ", missing));
            }

            var invocation = await Invocation.ReadAsync(next);
            await HandleAsync(http, invocation, handler);
        }
    }

    private static async Task HandleAsync(HttpClient http, Invocation invocation, string handler)
    {
        var behaviour = invocation.BehaviourOverride() ?? handler;
        switch (behaviour)
        {
            case "echo":
                Console.WriteLine($"echo: handling {invocation.RequestId}");
                await RespondAsync(http, invocation, invocation.Describe());
                break;
            case "http-ok":
                var ok = new JsonObject
                {
                    ["statusCode"] = 200,
                    ["headers"] = new JsonObject
                    {
                        ["Content-Type"] = "application/json",
                        ["X-Function-Name"] = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME"),
                    },
                    ["body"] = invocation.Event.ToJsonString(),
                };
                await RespondAsync(http, invocation, ok);
                break;
            case "own-cors":
                var ownCors = new JsonObject
                {
                    ["statusCode"] = 200,
                    ["headers"] = new JsonObject
                    {
                        ["Access-Control-Allow-Origin"] = "https://function.example",
                        ["X-Method"] = invocation.Event["requestContext"]?["http"]?["method"]?.GetValue<string>(),
                    },
                    ["body"] = "own",
                };
                await RespondAsync(http, invocation, ownCors);
                break;
            case "size":
                var text = invocation.Event["body"]?.GetValue<string>() ?? string.Empty;
                var size = new JsonObject
                {
                    ["chars"] = text.Length,
                    ["utf8Bytes"] = Encoding.UTF8.GetByteCount(text),
                    ["allE"] = text.Length > 0 && text.All(c => c == '\u00e9'),
                };
                var sized = new JsonObject { ["statusCode"] = 200, ["body"] = size.ToJsonString() };
                await RespondAsync(http, invocation, sized);
                break;
            case "hold":
                // Holds the invocation for the event's "ms" (or an HTTP event's ?ms=), so a test can change things
                // while it runs.
                Console.WriteLine($"hold: pid {Environment.ProcessId}");
                await Task.Delay(TimeSpan.FromMilliseconds(invocation.HoldMilliseconds()));
                await RespondAsync(http, invocation, Identity());
                break;
            case "identity" or "slow-init":
                await RespondAsync(http, invocation, Identity());
                break;
            case "print-context":
                var context = invocation.Headers.GetValueOrDefault("Lambda-Runtime-Client-Context") ?? "(none)";
                Console.WriteLine($"context of {invocation.RequestId}: {context}");
                await RespondAsync(http, invocation, new JsonObject { ["ok"] = true });
                break;
            case "print-event":
                Console.WriteLine("event: " + invocation.Event.ToJsonString());
                await RespondAsync(http, invocation, new JsonObject { ["ok"] = true });
                break;
            case "remaining":
                await RespondAsync(http, invocation, new JsonObject { ["remainingMs"] = invocation.RemainingMs() });
                break;
            case "binary":
                await RespondAsync(http, invocation, JsonNode.Parse(BinaryAnswer)!);
                break;
            case "throw":
                await PostErrorAsync(http, invocation);
                break;
            case "fail-times":
                await FailTimesAsync(http, invocation);
                break;
            case "crash":
                Console.Error.WriteLine($"crash: exiting mid-invocation {invocation.RequestId}");
                Environment.Exit(1);
                break;
            case "sleep":
                Console.WriteLine($"sleep: remaining-ms {invocation.RemainingMs()} pid {Environment.ProcessId}");

                // Simulates a handler stuck far past any timeout; only the emulator's kill ends it.
                await Task.Delay(TimeSpan.FromMinutes(10));
                await RespondAsync(http, invocation, new JsonObject { ["slept"] = true });
                break;
            case "malformed":
                await RespondAsync(http, invocation, new JsonObject { ["foo"] = 1 });
                break;
            case "big":
                await RespondAsync(http, invocation, JsonValue.Create(new string('a', 7 * 1024 * 1024)));
                break;
            case "allocate":
                await AllocateAsync(http, invocation);
                break;
            case "pid":
                await RespondAsync(http, invocation, new JsonObject { ["pid"] = Environment.ProcessId });
                break;
            case "partial-line":
                // Text no newline ends, as Console.Write leaves it.
                Console.Out.Write($"partial line of {invocation.RequestId}");
                Console.Out.Flush();
                await RespondAsync(http, invocation, new JsonObject { ["pid"] = Environment.ProcessId });
                break;
            case "answer-then-exit":
                // Dies between its answer and its next poll, as a runtime that crashes while cleaning up does.
                await RespondAsync(http, invocation, new JsonObject { ["pid"] = Environment.ProcessId });
                Environment.Exit(7);
                break;
            case "answer-twice":
                // Answers, then answers the same invocation again and reports what the Runtime API said.
                await RespondAsync(http, invocation, new JsonObject { ["pid"] = Environment.ProcessId });
                var again = await CallAsync(
                    http, HttpMethod.Post, $"invocation/{invocation.RequestId}/response", "{}");
                var error = await CallAsync(http, HttpMethod.Post, $"invocation/{invocation.RequestId}/error", "{}");
                Console.WriteLine($"second response: {again.ToJsonString()} then error: {error.ToJsonString()}");
                break;
            case "answer-then-linger":
                // Keeps working after its answer for the event's "ms", as a runtime that flushes or cleans up
                // before it asks for the next event; Lambda counts that time in the invocation.
                await RespondAsync(http, invocation, new JsonObject { ["pid"] = Environment.ProcessId });
                await Task.Delay(TimeSpan.FromMilliseconds(invocation.HoldMilliseconds()));
                Console.WriteLine($"after answer: {invocation.RequestId}");
                break;
            case "slow-pid":
                // Simulated work, so concurrent requests really overlap.
                await Task.Delay(TimeSpan.FromMilliseconds(150));
                await RespondAsync(http, invocation, new JsonObject { ["pid"] = Environment.ProcessId });
                break;
            case "reply":
                // Answers with the HTTP request's body as its proxy answer, so a test can send any answer.
                var reply = JsonNode.Parse(invocation.Event["body"]?.GetValue<string>() ?? "null");
                await RespondAsync(http, invocation, reply ?? JsonValue.Create("null")!);
                break;
            case "echo-raw":
                await RespondRawAsync(http, invocation, invocation.RawEvent);
                break;
            case "probe":
                await RespondAsync(http, invocation, await ProbeAsync(http, invocation));
                break;
            default:
                await PostErrorAsync(http, invocation);
                break;
        }
    }

    /// <summary>
    /// Allocates and touches the event's "mb" megabytes, so they count in the process's resident memory, keeps them,
    /// waits the event's "holdMs", then answers with its pid.
    /// </summary>
    /// <summary>
    /// Keeps the event's "mb" megabytes, waits its "holdMs", answers, then keeps "afterMb" more before it asks for
    /// its next event: growth between invocations, as a thread the handler left running would cause.
    /// </summary>
    private static async Task AllocateAsync(HttpClient http, Invocation invocation)
    {
        Allocated.Add(Resident(invocation.Event["mb"]!.GetValue<int>()));
        Console.WriteLine($"allocate: {invocation.Event["mb"]} MB in pid {Environment.ProcessId}");
        await Task.Delay(TimeSpan.FromMilliseconds(invocation.Event["holdMs"]?.GetValue<int>() ?? 0));
        await RespondAsync(http, invocation, new JsonObject { ["pid"] = Environment.ProcessId });
        if (invocation.Event["afterMb"]?.GetValue<int>() is { } afterMegabytes)
        {
            Allocated.Add(Resident(afterMegabytes));
        }
    }

    /// <summary>A block of that many megabytes with every page touched, so all of it is resident.</summary>
    private static byte[] Resident(int megabytes)
    {
        var block = GC.AllocateUninitializedArray<byte>(megabytes * 1024 * 1024);
        for (var page = 0; page < block.Length; page += 4096)
        {
            block[page] = 1;
        }

        return block;
    }

    /// <summary>
    /// Fails the event's first "failures" attempts and answers the next, counting attempts per request id in a
    /// file under the event's "dir", so the count survives a new process and shows a retry's request id.
    /// </summary>
    private static async Task FailTimesAsync(HttpClient http, Invocation invocation)
    {
        var failures = invocation.Event["failures"]?.GetValue<int>() ?? int.MaxValue;
        var counter = Path.Combine(invocation.Event["dir"]!.GetValue<string>(), invocation.RequestId);
        await File.AppendAllTextAsync(counter, "x");
        var attempt = new FileInfo(counter).Length;
        Console.WriteLine($"attempt {attempt}: {invocation.RequestId}");
        if (attempt <= failures)
        {
            await PostErrorAsync(http, invocation);
            return;
        }

        await RespondAsync(http, invocation, new JsonObject { ["attempt"] = attempt });
    }

    private static JsonObject Identity() => new()
    {
        ["pid"] = Environment.ProcessId,
        ["version"] = Environment.GetEnvironmentVariable("STRATUS_TEST_VERSION"),
        ["tempPath"] = Path.GetTempPath(),
        ["tempPathExists"] = Directory.Exists(Path.GetTempPath()),
    };

    /// <summary>Calls the Runtime API wrongly on purpose and reports how it answered.</summary>
    private static async Task<JsonObject> ProbeAsync(HttpClient http, Invocation invocation)
    {
        var probes = new JsonObject
        {
            ["unknownId"] = await CallAsync(http, HttpMethod.Post, "invocation/not-a-real-id/response", "{}"),
            ["badPath"] = await CallAsync(http, HttpMethod.Get, "bogus", null),
            ["wrongMethod"] = await CallAsync(
                http, HttpMethod.Get, $"invocation/{invocation.RequestId}/response", null),
            ["nextWhileInvoking"] = await CallAsync(http, HttpMethod.Get, "invocation/next", null),
            ["initErrorAfterInit"] = await CallAsync(http, HttpMethod.Post, "init/error", "{}"),
        };
        return probes;
    }

    private static async Task<JsonObject> CallAsync(HttpClient http, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        return new JsonObject
        {
            ["status"] = (int)response.StatusCode,
            ["body"] = await response.Content.ReadAsStringAsync(),
        };
    }

    private static Task RespondAsync(HttpClient http, Invocation invocation, JsonNode answer) =>
        RespondRawAsync(http, invocation, answer.ToJsonString());

    private static async Task RespondRawAsync(HttpClient http, Invocation invocation, string answer)
    {
        using var content = new StringContent(answer, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"invocation/{invocation.RequestId}/response", content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            // AWS runtimes log a rejected answer and go on to the next event; so does this one.
            Console.Error.WriteLine(
                $"response rejected: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Posts an error: by default a .NET-style one, typed by its exception's name in the header as AWS's .NET runtime
    /// does; an event's "errorTypeHeader" (null for none) and "errorBody" (sent as it is) replace either.
    /// </summary>
    private static async Task PostErrorAsync(HttpClient http, Invocation invocation)
    {
        var error = new JsonObject
        {
            ["errorMessage"] = "Something went wrong",
            ["errorType"] = "InvalidOperationException",
            ["stackTrace"] = new JsonArray("at Handler.Handle()"),
        };
        var chosen = invocation.Event as JsonObject;
        var body = chosen?["errorBody"]?.GetValue<string>() ?? error.ToJsonString();
        var header = chosen is not null && chosen.ContainsKey("errorTypeHeader")
            ? chosen["errorTypeHeader"]?.GetValue<string>()
            : "InvalidOperationException";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (header is not null)
        {
            content.Headers.Add("Lambda-Runtime-Function-Error-Type", header);
        }

        using var response = await http.PostAsync($"invocation/{invocation.RequestId}/error", content);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            Console.Error.WriteLine($"error rejected: {(int)response.StatusCode}");
        }
    }

    private static async Task PostInitErrorAsync(HttpClient http, string handler)
    {
        var error = new JsonObject
        {
            ["errorMessage"] = $"init failed on purpose for handler '{handler}'",
            ["errorType"] = "TestRuntime.InitError",
        };
        using var content = new StringContent(error.ToJsonString(), Encoding.UTF8, "application/json");

        // STRATUS_TEST_INIT_ERROR_TYPE replaces the header; empty sends none.
        var header = Environment.GetEnvironmentVariable("STRATUS_TEST_INIT_ERROR_TYPE") ?? "TestRuntime.InitError";
        if (header.Length > 0)
        {
            content.Headers.Add("Lambda-Runtime-Function-Error-Type", header);
        }

        using var response = await http.PostAsync("init/error", content);
        Console.Error.WriteLine($"init-error: posted, answered {(int)response.StatusCode}");
    }

    /// <summary>
    /// Holds init until the emulator ends the process, in the first process only (the marker file records it),
    /// or in every process when STRATUS_TEST_INIT_HOLD_ALWAYS is set; then handles events like 'identity'.
    /// </summary>
    private static async Task HoldInitAsync()
    {
        var marker = Environment.GetEnvironmentVariable("STRATUS_TEST_INIT_MARKER")!;
        if (File.Exists(marker) && Environment.GetEnvironmentVariable("STRATUS_TEST_INIT_HOLD_ALWAYS") is null)
        {
            return;
        }

        await File.WriteAllTextAsync(marker, "held");
        Console.WriteLine($"slow-init: holding pid {Environment.ProcessId}");
        await Task.Delay(Timeout.Infinite);
    }

    private static int Fail(string problem)
    {
        Console.Error.WriteLine("FATAL: " + problem);
        return 4;
    }

    [SuppressMessage("Performance", "CA1812", Justification = "Created by ReadAsync.")]
    private sealed class Invocation
    {
        public required string RequestId { get; init; }

        public required Dictionary<string, string> Headers { get; init; }

        public required JsonNode Event { get; init; }

        public required string RawEvent { get; init; }

        public static async Task<Invocation> ReadAsync(HttpResponseMessage next)
        {
            var headers = next.Headers
                .Where(header => header.Key.StartsWith("Lambda-Runtime-", StringComparison.Ordinal))
                .ToDictionary(header => header.Key, header => string.Join(",", header.Value));
            var body = await next.Content.ReadAsStringAsync();
            return new Invocation
            {
                RequestId = headers["Lambda-Runtime-Aws-Request-Id"],
                Headers = headers,
                Event = JsonNode.Parse(body, documentOptions: AnyDepth) ?? JsonValue.Create("null")!,
                RawEvent = body,
            };
        }

        public long RemainingMs()
        {
            var deadline = long.Parse(Headers["Lambda-Runtime-Deadline-Ms"], CultureInfo.InvariantCulture);
            return deadline - TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        }

        public int HoldMilliseconds()
        {
            var query = Event["queryStringParameters"]?["ms"]?.GetValue<string>();
            return Event["ms"]?.GetValue<int>()
                ?? (query is null ? 1000 : int.Parse(query, CultureInfo.InvariantCulture));
        }

        public string? BehaviourOverride()
        {
            if (Event is not JsonObject body)
            {
                return null;
            }

            return (body["behaviour"] ?? body["queryStringParameters"]?["behaviour"])?.GetValue<string>();
        }

        public JsonObject Describe()
        {
            var environment = new JsonObject();
            var names = Environment.GetEnvironmentVariables().Keys.OfType<string>().Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                environment[name] = Environment.GetEnvironmentVariable(name);
            }

            var headers = new JsonObject();
            foreach (var (name, value) in Headers)
            {
                headers[name] = value;
            }

            return new JsonObject
            {
                ["event"] = Event.DeepClone(),
                ["headers"] = headers,
                ["remainingMs"] = RemainingMs(),
                ["pid"] = Environment.ProcessId,
                ["tempPath"] = Path.GetTempPath(),
                ["environment"] = environment,
            };
        }
    }
}
