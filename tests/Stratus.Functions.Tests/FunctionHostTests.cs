using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stratus.Functions.Internal;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class FunctionHostTests
{
    private const string GreetHandlerName = "Stratus.Functions.Tests::Stratus.Functions.Tests.Support.GreetHandler";

    [Fact]
    public async Task RunAsync_Invocation_PostsHandlerResponseToResponsePath()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-1", """{"name":"ada"}"""));

        var post = await api.NextPostAsync();

        Assert.Equal("POST", post.Method);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", post.Target);
        Assert.Equal("""{"message":"hello ada"}""", post.BodyText);
        var next = api.Requests[0];
        Assert.Equal("GET", next.Method);
        Assert.Equal("/2018-06-01/runtime/invocation/next", next.Target);
        Assert.Equal(0, await host.StopAsync());
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_PostsErrorWithTypeMessageAndStackTrace()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-2", """{"name":"boom"}"""));

        var post = await api.NextPostAsync();

        Assert.Equal("/2018-06-01/runtime/invocation/req-2/error", post.Target);
        Assert.Contains("Lambda-Runtime-Function-Error-Type", post.HeaderNames);
        Assert.Equal("InvalidOperationException", post.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Equal("application/vnd.aws.lambda.error+json", post.Header("Content-Type"));
        var body = JsonDocument.Parse(post.BodyText).RootElement;
        Assert.Equal("The greeting exploded.", body.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", body.GetProperty("errorType").GetString());
        var stackTrace = body.GetProperty("stackTrace");
        Assert.Equal(JsonValueKind.Array, stackTrace.ValueKind);
        Assert.Contains(stackTrace.EnumerateArray(), line => line.GetString()!.Contains("GreetHandler.HandleAsync"));
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_LogsTheErrorOnceWithTypeAndMessage()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-3", """{"name":"boom"}"""));
        await api.NextPostAsync();

        await host.StopAsync();

        var errors = host.LogLines().Where(line => line.GetProperty("level").GetString() == "Error").ToList();
        var error = Assert.Single(errors);
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Equal("The greeting exploded.", error.GetProperty("errorMessage").GetString());
        Assert.Equal("req-3", error.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task RunAsync_UnknownHandler_PostsInitErrorNamingHandlerAndRegisteredOnes()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, "Tests::Nope.MissingHandler"));

        var exitCode = await host.Completion;

        Assert.NotEqual(0, exitCode);
        var post = Assert.Single(api.Requests);
        Assert.Equal("POST", post.Method);
        Assert.Equal("/2018-06-01/runtime/init/error", post.Target);
        // AWS's .NET runtime reports an init failure without the error type header (Lambda then says
        // Runtime.Unknown); the body names it. This test expected the header before.
        Assert.DoesNotContain("Lambda-Runtime-Function-Error-Type", post.HeaderNames);
        var body = JsonDocument.Parse(post.BodyText).RootElement;
        Assert.Equal("Runtime.InvalidEntrypoint", body.GetProperty("errorType").GetString());
        var message = body.GetProperty("errorMessage").GetString()!;
        Assert.Contains("'Nope.MissingHandler'", message);
        Assert.Contains("'Stratus.Functions.Tests.Support.GreetHandler'", message);
        Assert.Contains("'Stratus.Functions.Tests.Support.GreetHttpHandler'", message);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("stackTrace").ValueKind);
    }

    [Fact]
    public async Task RunAsync_ConfigureThrows_PostsInitErrorWithTheExceptionTypeInTheBodyOnly()
    {
        await using var api = FakeRuntimeApi.Start();
        var variables = HostRun.Variables(api, GreetHandlerName);
        await using var host = HostRun.Begin(_ => throw new FormatException("bad settings"), variables);

        var exitCode = await host.Completion;

        Assert.Equal(1, exitCode);
        var post = Assert.Single(api.Requests);
        Assert.Equal("/2018-06-01/runtime/init/error", post.Target);
        // AWS's .NET runtime reports an init failure without the error type header (Lambda then says
        // Runtime.Unknown); the body names it. This test expected the header before.
        Assert.DoesNotContain("Lambda-Runtime-Function-Error-Type", post.HeaderNames);
        var body = JsonDocument.Parse(post.BodyText).RootElement;
        Assert.Equal("FormatException", body.GetProperty("errorType").GetString());
        Assert.Equal("bad settings", body.GetProperty("errorMessage").GetString());
        Assert.NotEmpty(body.GetProperty("stackTrace").EnumerateArray());
    }

    [Fact]
    public async Task RunAsync_HandlerCannotBeResolved_PostsInitError()
    {
        await using var api = FakeRuntimeApi.Start();
        var handler = "Tests::Stratus.Functions.Tests.Support.UnresolvableHandler";
        var variables = HostRun.Variables(api, handler);
        await using var host = HostRun.Begin(app => app.AddHandler<UnresolvableHandler>(), variables);

        var exitCode = await host.Completion;

        Assert.Equal(1, exitCode);
        var post = Assert.Single(api.Requests);
        Assert.Equal("/2018-06-01/runtime/init/error", post.Target);
        // AWS's .NET runtime reports an init failure without the error type header (Lambda then says
        // Runtime.Unknown); the body names it. This test expected the header before.
        Assert.DoesNotContain("Lambda-Runtime-Function-Error-Type", post.HeaderNames);
        Assert.Equal(
            "InvalidOperationException",
            JsonDocument.Parse(post.BodyText).RootElement.GetProperty("errorType").GetString());
        Assert.Contains("IUnregisteredService", post.BodyText);
    }

    [Fact]
    public async Task RunAsync_InvocationHeaders_BecomeTheContext()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-4", """{"name":"ada"}""")
        {
            DeadlineMs = Deadline(seconds: 5),
            TraceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            ClientContext = """{"client":{"app_title":"t"}}""",
            CognitoIdentity = """{"cognitoIdentityId":"id-1"}""",
        });
        await api.NextPostAsync();

        await host.StopAsync();

        var probe = host.Probe;
        var context = Assert.Single(probe.Contexts);
        Assert.Equal("req-4", context.AwsRequestId);
        Assert.Equal(TimeSpan.FromSeconds(5), context.RemainingTime);
        Assert.Equal(HostRun.Start.AddSeconds(5), context.Deadline);
        Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:probe-function", context.InvokedFunctionArn);
        Assert.Equal("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", context.TraceId);
        Assert.Equal("""{"client":{"app_title":"t"}}""", context.ClientContextJson);
        Assert.Equal("""{"cognitoIdentityId":"id-1"}""", context.CognitoIdentityJson);
        Assert.Equal("probe-function", context.FunctionName);
        Assert.Equal("7", context.FunctionVersion);
        Assert.Equal(512, context.MemoryLimitInMB);
        Assert.Equal("/aws/lambda/probe-function", context.LogGroupName);
        Assert.Equal("2025/03/01/[7]abcdef", context.LogStreamName);
    }

    [Fact]
    public async Task RunAsync_DeadlineNears_CancelsTheHandlerTokenAndReportsTheError()
    {
        await using var api = FakeRuntimeApi.Start();
        var handler = "Tests::Stratus.Functions.Tests.Support.WaitForCancellationHandler";
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, handler));
        api.Enqueue(new FakeInvocation("req-5", "{}") { DeadlineMs = Deadline(seconds: 3) });
        await host.Probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        host.Clock.Advance(TimeSpan.FromSeconds(3) - InvocationCancellation.DeadlineMargin);

        var post = await api.NextPostAsync();
        Assert.Equal("/2018-06-01/runtime/invocation/req-5/error", post.Target);
        Assert.Equal("TaskCanceledException", post.Header("Lambda-Runtime-Function-Error-Type"));

        // Lambda's "Task timed out" never comes for a handler that stops in time, so the error says time ran out.
        var message = JsonDocument.Parse(post.BodyText).RootElement.GetProperty("errorMessage").GetString();
        Assert.StartsWith("The invocation ran out of time", message, StringComparison.Ordinal);
        Assert.Contains("raise the function's timeout", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TraceHeader_SetsTraceIdForEachInvocation()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-6", """{"name":"a"}""") { TraceId = "Root=1-aaa" });
        api.Enqueue(new FakeInvocation("req-7", """{"name":"b"}"""));
        await api.NextPostAsync();
        await api.NextPostAsync();

        await host.StopAsync();

        Assert.Equal(["Root=1-aaa", null], host.TraceIds);
    }

    [Fact]
    public async Task RunAsync_EachInvocation_GetsANewScopeThatIsDisposed()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-8", """{"name":"a"}"""));
        api.Enqueue(new FakeInvocation("req-9", """{"name":"b"}"""));
        await api.NextPostAsync();
        await api.NextPostAsync();

        await host.StopAsync();

        var probe = host.Probe;
        Assert.Equal(2, probe.Scopes.Count);
        Assert.NotEqual(probe.Scopes[0].Id, probe.Scopes[1].Id);
        Assert.All(probe.Scopes, scoped => Assert.True(scoped.Disposed));
    }

    [Fact]
    public async Task RunAsync_DefaultLevel_WritesOnlyTheHandlersLinesNotTheStartAndFinishLines()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-11", """{"name":"ada"}""") { DeadlineMs = Deadline(seconds: 3) });
        await api.NextPostAsync();

        await host.StopAsync();

        var messages = host.LogLines()
            .Where(line => line.TryGetProperty("requestId", out _))
            .Select(line => line.GetProperty("message").GetString());
        Assert.Equal(["Greeting 3 characters"], messages);
    }

    [Fact]
    public async Task RunAsync_Invocation_EveryLogLineCarriesRequestIdAndFunctionName()
    {
        await using var api = FakeRuntimeApi.Start();
        var variables = HostRun.Variables(api, GreetHandlerName);
        variables["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG";
        await using var host = HostRun.Begin(TestApp.Configure, variables);
        api.Enqueue(new FakeInvocation("req-10", """{"name":"ada"}""") { DeadlineMs = Deadline(seconds: 3) });
        await api.NextPostAsync();

        await host.StopAsync();

        var lines = host.LogLines().Where(line => line.TryGetProperty("requestId", out _)).ToList();
        var levels = lines.Select(line => line.GetProperty("level").GetString());
        Assert.Equal(["Debug", "Information", "Debug"], levels);
        Assert.All(lines, line => Assert.Equal("req-10", line.GetProperty("requestId").GetString()));
        Assert.All(lines, line => Assert.Equal("probe-function", line.GetProperty("functionName").GetString()));
        Assert.Contains(lines, line => line.GetProperty("category").GetString() == typeof(GreetHandler).FullName);
        Assert.Contains(lines, line => line.GetProperty("message").GetString() == "Greeting 3 characters");
    }

    [Fact]
    public async Task RunAsync_NoDeadlineHeader_WarnsWithTheRequestId()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-17", """{"name":"ada"}"""));
        await api.NextPostAsync();

        await host.StopAsync();

        var warning = Assert.Single(host.LogLines(), line => line.GetProperty("level").GetString() == "Warning");
        Assert.Equal(4108, warning.GetProperty("eventId").GetInt32());
        Assert.Equal("req-17", warning.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task RunAsync_Invocation_NeverLogsThePayloadAtInformation()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-11", """{"name":"secret-value"}"""));
        await api.NextPostAsync();

        await host.StopAsync();

        Assert.DoesNotContain(host.LogLines(), line => line.GetRawText().Contains("secret-value"));
    }

    [Fact]
    public async Task RunAsync_Cancelled_EndsTheLoopWithExitCodeZero()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        await api.NextRequested.WaitAsync(TimeSpan.FromSeconds(20));

        var exitCode = await host.StopAsync();

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task RunAsync_NoRuntimeApi_ExitsNonZeroAndSaysWhy()
    {
        await using var api = FakeRuntimeApi.Start();
        var variables = HostRun.Variables(api, GreetHandlerName);
        variables.Remove("AWS_LAMBDA_RUNTIME_API");
        await using var host = HostRun.Begin(TestApp.Configure, variables);

        var exitCode = await host.Completion;

        Assert.Equal(1, exitCode);
        var line = Assert.Single(host.LogLines());
        Assert.Equal("Critical", line.GetProperty("level").GetString());
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", line.GetProperty("message").GetString());
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task RunAsync_ServerlessFrameworkHandlerForm_SelectsTheType()
    {
        await using var api = FakeRuntimeApi.Start();
        var handler = GreetHandlerName + "::HandleAsync";
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, handler));
        api.Enqueue(new FakeInvocation("req-12", """{"name":"ada"}"""));

        var post = await api.NextPostAsync();

        Assert.Equal("/2018-06-01/runtime/invocation/req-12/response", post.Target);
    }

    [Fact]
    public async Task RunAsync_StratusHandlerSet_OverridesTheAssemblyNameInHandler()
    {
        await using var api = FakeRuntimeApi.Start();
        var variables = HostRun.Variables(api, "Stratus.Functions.Tests");
        variables["STRATUS_HANDLER"] = GreetHandlerName;
        await using var host = HostRun.Begin(TestApp.Configure, variables);
        api.Enqueue(new FakeInvocation("req-18", """{"name":"ada"}"""));

        var post = await api.NextPostAsync();

        Assert.Equal("/2018-06-01/runtime/invocation/req-18/response", post.Target);
    }

    [Fact]
    public async Task RunAsync_StratusHandlerUnknown_NamesThatVariableInTheInitError()
    {
        await using var api = FakeRuntimeApi.Start();
        var variables = HostRun.Variables(api, GreetHandlerName);
        variables["STRATUS_HANDLER"] = "Nope.Handler";
        await using var host = HostRun.Begin(TestApp.Configure, variables);

        await host.Completion;

        var post = Assert.Single(api.Requests);
        var message = JsonDocument.Parse(post.BodyText).RootElement.GetProperty("errorMessage").GetString();
        Assert.StartsWith("STRATUS_HANDLER 'Nope.Handler' names type 'Nope.Handler'", message);
    }

    [Fact]
    public async Task RunAsync_EventDoesNotFit_PostsInvalidEventErrorNamingTheType()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-13", """{"name":42}"""));

        var post = await api.NextPostAsync();

        Assert.Equal("/2018-06-01/runtime/invocation/req-13/error", post.Target);
        Assert.Equal("InvalidEventException", post.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Contains("Stratus.Functions.Tests.Support.Greeting", post.BodyText);
    }

    // The caller's mistake, explained by the message: the SDK's and the serializer's frames would be noise.
    [Fact]
    public async Task RunAsync_EventDoesNotFit_ReportsNoStackTrace()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-15", """{"name":42}"""));

        var post = await api.NextPostAsync();

        var body = JsonDocument.Parse(post.BodyText).RootElement;
        Assert.Empty(body.GetProperty("stackTrace").EnumerateArray());
        Assert.Contains("Fix:", body.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EventDoesNotFit_LogsItsMessageWithoutTheSerializersStack()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-14", """{"name":42}"""));
        var post = await api.NextPostAsync();

        await host.StopAsync();

        var error = Assert.Single(host.LogLines(), line => line.GetProperty("level").GetString() == "Error");
        Assert.Equal("InvalidEventException", error.GetProperty("errorType").GetString());
        Assert.False(error.TryGetProperty("exception", out _), error.ToString());
        Assert.Contains("stackTrace", post.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HandlerThrows_LogsTheExceptionWithItsStack()
    {
        await using var api = FakeRuntimeApi.Start();
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-15", """{"name":"boom"}"""));
        await api.NextPostAsync();

        await host.StopAsync();

        var error = Assert.Single(host.LogLines(), line => line.GetProperty("level").GetString() == "Error");
        var logged = error.GetProperty("exception").GetString();
        Assert.Contains("GreetHandler.HandleAsync", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RuntimeApiAnswers500_EndsTheRuntimeWithNonZeroExitCode()
    {
        await using var api = FakeRuntimeApi.Start();
        api.PostStatus = 500;
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-14", """{"name":"ada"}"""));

        var exitCode = await host.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task RunAsync_RuntimeApiRefusesAResponse_GoesOnToTheNextInvocation()
    {
        await using var api = FakeRuntimeApi.Start();
        api.PostStatus = 413;
        await using var host = HostRun.Begin(TestApp.Configure, HostRun.Variables(api, GreetHandlerName));
        api.Enqueue(new FakeInvocation("req-15", """{"name":"ada"}"""));
        await api.NextPostAsync();
        api.Enqueue(new FakeInvocation("req-16", """{"name":"bob"}"""));

        var second = await api.NextPostAsync();

        Assert.Equal("/2018-06-01/runtime/invocation/req-16/response", second.Target);
        Assert.Equal(0, await host.StopAsync());
    }

    private static long Deadline(int seconds) => HostRun.Start.AddSeconds(seconds).ToUnixTimeMilliseconds();
}
