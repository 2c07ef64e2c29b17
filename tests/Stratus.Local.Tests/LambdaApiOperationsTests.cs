using System.Text;
using System.Text.RegularExpressions;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// The Lambda API's operations other than Invoke, on the local cloud's port: InvokeAsync runs, and the rest are
/// answered as not emulated, never by a user's catch-all route.
/// </summary>
public sealed class LambdaApiOperationsTests
{
    [Theory]
    [InlineData("POST", "/2021-11-15/functions/svc-dev-echo/response-streaming-invocations")]
    [InlineData("GET", "/2015-03-31/event-source-mappings/")]
    [InlineData("GET", "/2016-08-19/account-settings/")]
    [InlineData("GET", "/2019-09-30/functions/svc-dev-echo/concurrency")]
    [InlineData("GET", "/2014-11-13/functions/svc-dev-echo/invoke-async/")]
    [InlineData("GET", "/2015-03-31/functions/svc-dev-echo")]
    public async Task LambdaApi_OperationNotEmulated_AnswersUnknownOperationNotTheCatchAllRoute(
        string method, string path)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo", Http("ANY", "$default")));
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.False(response.Headers.Contains("apigw-requestid"));
        var message = (await Json.ReadAsync(response))["Message"]!.GetValue<string>();
        Assert.StartsWith(
            $"Operation {method} {path} is not emulated; only Invoke ", message, StringComparison.Ordinal);
        Assert.Contains(
            "InvokeAsync (POST /2014-11-13/functions/{name}/invoke-async/)", message, StringComparison.Ordinal);
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }

    [Theory]
    [InlineData("/2024-01-31/reports")]
    [InlineData("/2015-03-31x/functions/a")]
    [InlineData("/v1/functions/a")]
    public async Task LambdaApi_DatedPathOfNoLambdaResource_ReachesTheCatchAllRoute(string path)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo", Http("ANY", "$default")));

        using var response = await test.Client.GetAsync(path);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.Contains("apigw-requestid"));
    }

    // API_InvokeAsync: the request is queued as an asynchronous invocation and answered 202, with the status in
    // the body as well.
    [Theory]
    [InlineData("/2014-11-13/functions/svc-dev-echo/invoke-async/")]
    [InlineData("/2014-11-13/functions/svc-dev-echo/invoke-async")]
    public async Task InvokeAsync_KnownFunction_Answers202WithStatusAndRunsTheFunction(string path)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var content = new StringContent("""{"n":1}""", Encoding.UTF8, "application/json");

        using var response = await test.Client.PostAsync(path, content);
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        await test.Output.WaitForLineAsync(line => line == $"echo: handling {requestId}");
        await test.Output.WaitForShownLineAsync(
            line => Regex.IsMatch(line, @"^\[echo\] InvokeAsync Event -> 202 \(\d+\.\d\d ms\)$"));

        Assert.Equal(202, (int)response.StatusCode);
        Assert.Equal("""{"Status":202}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InvokeAsync_UnknownFunction_Answers404ResourceNotFound()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await test.Client.PostAsync("/2014-11-13/functions/svc-dev-nope/invoke-async/", content);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task InvokeAsync_PayloadThatIsNotJson_Answers400WithoutRunningTheFunction()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var content = new StringContent("hello", Encoding.UTF8, "text/plain");

        using var response = await test.Client.PostAsync("/2014-11-13/functions/svc-dev-echo/invoke-async/", content);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("InvalidRequestContentException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }
}
