using System.Text.Json.Nodes;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>What a function process sees: the Runtime API's headers and answers, and its environment.</summary>
public sealed class RuntimeApiTests
{
    [Fact]
    public async Task NextEvent_StrictClient_SeesEveryRequiredHeader()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/svc-dev-echo/invocations")
        {
            Content = new StringContent("""{"hello":"world"}"""),
        };
        request.Headers.Add("X-Amz-Client-Context", Convert.ToBase64String("""{"custom":{"k":"v"}}"""u8.ToArray()));

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        var body = await Json.ReadAsync(response);
        var headers = body["headers"]!;
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        Assert.Equal(requestId, headers["Lambda-Runtime-Aws-Request-Id"]!.GetValue<string>());
        Assert.Equal(
            $"arn:aws:lambda:{TestCloud.Region}:{TestCloud.AccountId}:function:svc-dev-echo",
            headers["Lambda-Runtime-Invoked-Function-Arn"]!.GetValue<string>());
        Assert.StartsWith("Root=1-", headers["Lambda-Runtime-Trace-Id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("""{"custom":{"k":"v"}}""", headers["Lambda-Runtime-Client-Context"]!.GetValue<string>());
        Assert.InRange(body["remainingMs"]!.GetValue<long>(), 3000, 6000);
        Assert.Equal("world", body["event"]!["hello"]!.GetValue<string>());
    }

    // Lambda's PassThrough tracing mode continues the caller's trace (TracingConfig, "PassThrough").
    [Fact]
    public async Task NextEvent_InvokedWithATraceHeader_CarriesTheCallersTraceId()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/svc-dev-echo/invocations")
        {
            Content = new StringContent("{}"),
        };
        request.Headers.Add("X-Amzn-Trace-Id", trace);

        using var response = await test.Client.SendAsync(request);

        var headers = (await Json.ReadAsync(response))["headers"]!;
        Assert.Equal(trace, headers["Lambda-Runtime-Trace-Id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("svc-dev-echo:$LATEST")]
    [InlineData("svc-dev-echo?Qualifier=$LATEST")]
    public async Task NextEvent_InvokedWithAQualifier_InvokedFunctionArnCarriesIt(string target)
    {
        // Runtime API: the ARN "of the Lambda function, version, or alias that's specified in the invocation".
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var (name, query) = question < 0 ? (target, "") : (target[..question], target[question..]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2015-03-31/functions/{name}/invocations{query}")
        {
            Content = new StringContent("{}"),
        };

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        var headers = (await Json.ReadAsync(response))["headers"]!;
        Assert.Equal(
            $"arn:aws:lambda:{TestCloud.Region}:{TestCloud.AccountId}:function:svc-dev-echo:$LATEST",
            headers["Lambda-Runtime-Invoked-Function-Arn"]!.GetValue<string>());
    }

    [Fact]
    public async Task Environment_FunctionProcess_GetsLambdaVariablesAndNoParentSecrets()
    {
        Environment.SetEnvironmentVariable("STRATUS_TEST_PARENT_SECRET", "do-not-leak");
        var echo = Create("echo", "echo") with
        {
            Environment = new Dictionary<string, string> { ["TABLE_NAME"] = "users-dev" },
            MemorySize = 512,
        };
        await using var test = await TestCloud.StartAsync(echo);

        var result = await test.InvokeAsync("echo");

        var environment = Json.Parse(result.Payload)["environment"]!.AsObject();
        Assert.Equal("users-dev", Value(environment, "TABLE_NAME"));
        Assert.Equal("svc-dev-echo", Value(environment, "AWS_LAMBDA_FUNCTION_NAME"));
        Assert.Equal("512", Value(environment, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        Assert.Equal("$LATEST", Value(environment, "AWS_LAMBDA_FUNCTION_VERSION"));
        Assert.Equal(TestCloud.Region, Value(environment, "AWS_REGION"));
        Assert.Equal(TestCloud.Region, Value(environment, "AWS_DEFAULT_REGION"));
        Assert.Equal("/aws/lambda/svc-dev-echo", Value(environment, "AWS_LAMBDA_LOG_GROUP_NAME"));
        Assert.Matches(
            @"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$", Value(environment, "AWS_LAMBDA_LOG_STREAM_NAME"));
        Assert.Equal(RuntimeDirectory, Value(environment, "LAMBDA_TASK_ROOT"));
        Assert.Equal("AWS_Lambda_dotnet8", Value(environment, "AWS_EXECUTION_ENV"));
        Assert.Equal(":UTC", Value(environment, "TZ"));
        Assert.Equal("echo", Value(environment, "_HANDLER"));
        Assert.Matches(@"^127\.0\.0\.1:\d+$", Value(environment, "AWS_LAMBDA_RUNTIME_API"));
        Assert.False(environment.ContainsKey("STRATUS_TEST_PARENT_SECRET"));
        Assert.All(
            environment.Select(pair => pair.Key),
            name => Assert.True(IsExpected(name), $"unexpected variable '{name}' reached the function"));
    }

    // Stratus's SDK takes the Runtime API over a Unix socket in the instance's folder; it serves the same API.
    [Fact]
    public async Task RuntimeApiSocket_InTheInstanceFolder_ServesTheSameRuntimeApi()
    {
        await using var test = await TestCloud.StartAsync(Create("work", "echo"));
        var environment = Json.Parse((await test.InvokeAsync("work")).Payload)["environment"]!.AsObject();
        var socket = Value(environment, "STRATUS_RUNTIME_API_SOCKET");

        var holding = test.InvokeAsync("work", """{"behaviour":"hold","ms":3000}""");
        await test.Output.WaitForLineAsync(line => line.StartsWith("hold: pid ", StringComparison.Ordinal));
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var unix = new System.Net.Sockets.Socket(
                    System.Net.Sockets.AddressFamily.Unix,
                    System.Net.Sockets.SocketType.Stream,
                    System.Net.Sockets.ProtocolType.Unspecified);
                await unix.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(socket), cancellationToken);
                return new System.Net.Sockets.NetworkStream(unix, ownsSocket: true);
            },
        });
        using var next = await client.GetAsync("http://localhost/2018-06-01/runtime/invocation/next");
        await holding;

        Assert.Equal(Path.Combine(Value(environment, "TMPDIR"), "runtime-api.sock"), socket);
        Assert.Equal(403, (int)next.StatusCode);
        Assert.Contains("InvalidStateTransition", await next.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // "LANG – The locale of the runtime (en_US.UTF-8)", an unreserved variable a function may set itself.
    // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
    [Theory]
    [InlineData(null, "en_US.UTF-8")]
    [InlineData("fr_FR.UTF-8", "fr_FR.UTF-8")]
    public async Task Environment_Lang_IsLambdasLocaleUnlessTheFunctionSetsIt(string? configured, string expected)
    {
        var echo = Create("echo", "echo") with
        {
            Environment = configured is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["LANG"] = configured },
        };
        await using var test = await TestCloud.StartAsync(echo);

        var result = await test.InvokeAsync("echo");

        var environment = Json.Parse(result.Payload)["environment"]!.AsObject();
        Assert.Equal(expected, Value(environment, "LANG"));
    }

    [Fact]
    public async Task RuntimeApi_WrongRequestIdPathOrState_AnswersAsAws()
    {
        await using var test = await TestCloud.StartAsync(Create("probe", "probe"));

        var result = await test.InvokeAsync("probe");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var probes = Json.Parse(result.Payload);
        AssertProbe(
            probes["unknownId"]!, 400, """{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}""");
        AssertProbe(probes["badPath"]!, 404, "404 page not found\n");
        AssertProbe(probes["wrongMethod"]!, 405, string.Empty);
        Assert.Equal(403, probes["nextWhileInvoking"]!["status"]!.GetValue<int>());
        var nextBody = probes["nextWhileInvoking"]!["body"]!.GetValue<string>();
        Assert.Contains("InvalidStateTransition", nextBody, StringComparison.Ordinal);
        Assert.Equal(403, probes["initErrorAfterInit"]!["status"]!.GetValue<int>());
    }

    // RAPID (aws-lambda-runtime-interface-emulator, rapi/handler/invocationresponse.go) moves the runtime's state
    // before it looks at the id: once answered, another answer is not allowed (403), whatever its id.
    [Fact]
    public async Task RuntimeApi_SecondAnswerToTheSameInvocation_Is403InvalidStateTransition()
    {
        await using var test = await TestCloud.StartAsync(Create("twice", "answer-twice"));

        var result = await test.InvokeAsync("twice");
        var line = await test.Output.WaitForLineAsync(
            text => text.Contains("second response:", StringComparison.Ordinal));

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.Contains("\"status\":403", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\"status\":400", line, StringComparison.Ordinal);
        Assert.Contains(
            "State transition from ResponseSent to ResponseSent failed for runtime", line, StringComparison.Ordinal);
        Assert.Contains("to InvocationErrorResponse failed", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_UnknownFunctionKey_ThrowsNamingKnownKeys()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => test.InvokeAsync("nope"));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("echo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_PayloadNotJson_IsRefusedWithoutStartingProcess()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));

        var result = await test.InvokeAsync("echo", "{not json");

        Assert.Equal(FunctionErrorKind.InvalidRequest, result.Error);
        Assert.Equal("InvalidRequestContentException", result.ErrorType);
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }

    [Fact]
    public async Task InvokeAsync_SuccessfulInvocation_LogsStartOutputEndAndReport()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));

        var result = await test.InvokeAsync("echo");

        var lines = result.Logs!.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("init: handler echo", lines[0], StringComparison.Ordinal);
        Assert.Equal($"START RequestId: {result.RequestId} Version: $LATEST", lines[1]);
        Assert.Equal($"echo: handling {result.RequestId}", lines[2]);
        Assert.Equal($"END RequestId: {result.RequestId}", lines[3]);
        Assert.StartsWith($"REPORT RequestId: {result.RequestId}\tDuration: ", lines[4], StringComparison.Ordinal);
        Assert.Contains("Memory Size: 1024 MB", lines[4], StringComparison.Ordinal);
        Assert.Contains("Init Duration: ", lines[4], StringComparison.Ordinal);
    }

    private static string Value(JsonObject environment, string name) =>
        environment[name]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"variable '{name}' is missing");

    private static bool IsExpected(string name) =>
        name.StartsWith("AWS_", StringComparison.Ordinal)
        || name.StartsWith("DOTNET_", StringComparison.Ordinal)
        || name.StartsWith("LAMBDA_", StringComparison.Ordinal)
        || name is "PATH" or "HOME" or "LANG" or "TZ" or "LD_LIBRARY_PATH" or "TMPDIR" or "_HANDLER" or "TABLE_NAME"
            or "STRATUS_RUNTIME_API_SOCKET";

    private static void AssertProbe(JsonNode probe, int status, string body)
    {
        Assert.Equal(status, probe["status"]!.GetValue<int>());
        Assert.Equal(body, probe["body"]!.GetValue<string>());
    }
}
