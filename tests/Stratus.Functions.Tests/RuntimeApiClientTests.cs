using System.Net;
using System.Text;
using System.Text.Json;
using Stratus.Functions.Internal;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class RuntimeApiClientTests
{
    [Fact]
    public async Task GetNextInvocation_AllHeaders_AreReadWithThePayload()
    {
        await using var api = FakeRuntimeApi.Start();
        using var client = new RuntimeApiClient(api.Address);
        api.Enqueue(new FakeInvocation("8476a536-e9f4-11e8-9739-2dfe598c3fcd", """{"key":"value"}""")
        {
            DeadlineMs = 1542409706888,
            FunctionArn = "arn:aws:lambda:us-east-2:123456789012:function:custom-runtime",
            TraceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            ClientContext = """{"custom":{"a":"b"}}""",
            CognitoIdentity = """{"cognitoIdentityPoolId":"pool"}""",
        });

        var invocation = client.GetNextInvocation(CancellationToken.None);

        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", invocation.RequestId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1542409706888), invocation.Deadline);
        Assert.Equal("arn:aws:lambda:us-east-2:123456789012:function:custom-runtime", invocation.InvokedFunctionArn);
        Assert.Equal("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", invocation.TraceId);
        Assert.Equal("""{"custom":{"a":"b"}}""", invocation.ClientContext);
        Assert.Equal("""{"cognitoIdentityPoolId":"pool"}""", invocation.CognitoIdentity);
        Assert.Equal("""{"key":"value"}""", Encoding.UTF8.GetString(invocation.Payload.Span));
        var request = Assert.Single(api.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/2018-06-01/runtime/invocation/next", request.Target);
    }

    [Fact]
    public async Task GetNextInvocation_NoOptionalHeaders_LeavesThemEmpty()
    {
        await using var api = FakeRuntimeApi.Start();
        using var client = new RuntimeApiClient(api.Address);
        api.Enqueue(new FakeInvocation("req-1", "{}"));

        var invocation = client.GetNextInvocation(CancellationToken.None);

        Assert.Null(invocation.Deadline);
        Assert.Null(invocation.TraceId);
        Assert.Null(invocation.ClientContext);
        Assert.Null(invocation.CognitoIdentity);
    }

    [Fact]
    public async Task GetNextInvocation_Cancelled_StopsWaiting()
    {
        await using var api = FakeRuntimeApi.Start();
        using var client = new RuntimeApiClient(api.Address);
        using var cancellation = new CancellationTokenSource();
        var next = Task.Run(() => client.GetNextInvocation(cancellation.Token));
        await api.NextRequested.WaitAsync(TimeSpan.FromSeconds(20));

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public async Task PostResponse_Payload_IsPostedToTheResponsePath()
    {
        await using var api = FakeRuntimeApi.Start();
        using var client = new RuntimeApiClient(api.Address);

        client.PostResponse("req 1/x", """{"ok":true}"""u8.ToArray(), CancellationToken.None);

        var post = await api.NextPostAsync();
        Assert.Equal("POST", post.Method);
        Assert.Equal("/2018-06-01/runtime/invocation/req%201%2Fx/response", post.Target);
        Assert.Equal("""{"ok":true}""", post.BodyText);
        Assert.DoesNotContain("Lambda-Runtime-Function-Error-Type", post.HeaderNames);
    }

    [Fact]
    public async Task PostError_Error_IsPostedWithBodyAndErrorTypeHeader()
    {
        await using var api = FakeRuntimeApi.Start();
        using var client = new RuntimeApiClient(api.Address);
        var error = new RuntimeErrorBody("Error parsing event data.", "InvalidEventDataException", ["at A", "at B"]);

        client.PostError("req-2", error, CancellationToken.None);

        var post = await api.NextPostAsync();
        Assert.Equal("/2018-06-01/runtime/invocation/req-2/error", post.Target);
        Assert.Contains("Lambda-Runtime-Function-Error-Type", post.HeaderNames);
        Assert.Equal("InvalidEventDataException", post.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Equal("application/vnd.aws.lambda.error+json", post.Header("Content-Type"));
        Assert.Equal(
            """{"errorMessage":"Error parsing event data.","errorType":"InvalidEventDataException","stackTrace":["at A","at B"]}""",
            post.BodyText);
    }

    [Fact]
    public async Task PostInitError_Error_IsPostedToTheInitErrorPathWithoutTheErrorTypeHeader()
    {
        await using var api = FakeRuntimeApi.Start();
        using var client = new RuntimeApiClient(api.Address);
        var error = new RuntimeErrorBody("Failed to load function.", "Runtime.InvalidEntrypoint", []);

        client.PostInitError(error, CancellationToken.None);

        var post = await api.NextPostAsync();
        Assert.Equal("/2018-06-01/runtime/init/error", post.Target);
        // As AWS's .NET runtime (Amazon.Lambda.RuntimeSupport, ReportInitializationErrorAsync) posts it: no header,
        // so Lambda's INIT_REPORT says Runtime.Unknown. This test expected the header before.
        Assert.DoesNotContain("Lambda-Runtime-Function-Error-Type", post.HeaderNames);
        Assert.Equal("application/vnd.aws.lambda.error+json", post.Header("Content-Type"));
        var body = JsonDocument.Parse(post.BodyText).RootElement;
        Assert.Equal("Runtime.InvalidEntrypoint", body.GetProperty("errorType").GetString());
        Assert.Equal("Failed to load function.", body.GetProperty("errorMessage").GetString());
        Assert.Equal(0, body.GetProperty("stackTrace").GetArrayLength());
    }

    [Theory]
    [InlineData(413, false)]
    [InlineData(400, false)]
    [InlineData(500, true)]
    public async Task PostResponse_Refused_ThrowsWithStatusAndFatality(int status, bool fatal)
    {
        await using var api = FakeRuntimeApi.Start();
        api.PostStatus = status;
        using var client = new RuntimeApiClient(api.Address);

        var exception = Assert.Throws<RuntimeApiException>(
            () => client.PostResponse("req-3", "{}"u8.ToArray(), CancellationToken.None));

        Assert.Equal((HttpStatusCode)status, exception.StatusCode);
        Assert.Equal(fatal, exception.IsFatal);
        Assert.Contains("refused by test", exception.Message);
    }
}
