using Stratus.Functions.Testing;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class HttpHandlerTests : IAsyncLifetime
{
    private FunctionTestHost _host = null!;

    public Task InitializeAsync()
    {
        _host = FunctionTestHost.Create(TestApp.Configure);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task HttpApiHandler_ValidBody_Answers200WithJsonAndContentType()
    {
        var request = HttpApiRequestBuilder.Post("/greetings")
            .WithJsonBody(new Greeting("ada"), TestJsonContext.Default.Greeting)
            .Build();

        var response = await _host.InvokeHttpApiAsync<GreetHttpHandler>(request);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.Header("content-type"));
        Assert.Equal("""{"message":"hello ada"}""", response.Body);
        Assert.False(response.IsBase64Encoded);
    }

    [Fact]
    public async Task HttpApiHandler_HttpProblemException_AnswersProblemDetails()
    {
        var request = HttpApiRequestBuilder.Post("/greetings")
            .WithJsonBody(new Greeting("nobody"), TestJsonContext.Default.Greeting)
            .Build();

        var response = await _host.InvokeHttpApiAsync<GreetHttpHandler>(request);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
        Assert.Equal(
            """{"type":"https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5","title":"Not Found","status":404,"detail":"Nobody is not here."}""",
            response.Body);
    }

    [Fact]
    public async Task HttpApiHandler_HttpProblemException_LogsTheAnswerAndANormalEnd()
    {
        var context = _host.CreateContext();
        var request = HttpApiRequestBuilder.Post("/greetings")
            .WithJsonBody(new Greeting("nobody"), TestJsonContext.Default.Greeting)
            .Build();

        await _host.InvokeHttpApiAsync<GreetHttpHandler>(request, context);

        var ids = _host.Logs.Where(entry => entry.RequestId == context.AwsRequestId).Select(entry => entry.EventId.Id);
        Assert.Equal([4001, 4004, 4002], ids);
    }

    [Fact]
    public async Task HttpApiHandler_BadRequestWithErrors_AnswersProblemWithErrorsMap()
    {
        var request = HttpApiRequestBuilder.Post("/greetings")
            .WithJsonBody(new Greeting(""), TestJsonContext.Default.Greeting)
            .Build();

        var response = await _host.InvokeHttpApiAsync<GreetHttpHandler>(request);

        var problem = response.ReadProblem();
        Assert.Equal(400, response.StatusCode);
        Assert.Equal(400, problem.Status);
        Assert.Equal("Bad Request", problem.Title);
        Assert.Equal("The name is empty.", problem.Detail);
        Assert.Equal(["Required."], problem.Errors!["name"]);
    }

    [Theory]
    [InlineData("{\"name\":")]
    [InlineData("{\"name\":7}")]
    [InlineData("")]
    [InlineData("null")]
    public async Task HttpApiHandler_MalformedBody_Answers400Problem(string body)
    {
        var request = HttpApiRequestBuilder.Post("/greetings").WithBody(body).Build();

        var response = await _host.InvokeHttpApiAsync<GreetHttpHandler>(request);

        Assert.Equal(400, response.StatusCode);
        var problem = response.ReadProblem();
        Assert.Equal("Bad Request", problem.Title);
        Assert.Contains("'Greeting'", problem.Detail);
    }

    [Fact]
    public async Task HttpApiHandler_Base64Body_IsDecodedBeforeReading()
    {
        var request = HttpApiRequestBuilder.Post("/greetings")
            .WithBinaryBody("""{"name":"bin"}"""u8)
            .Build();

        var response = await _host.InvokeHttpApiAsync<GreetHttpHandler>(request);

        Assert.True(request.IsBase64Encoded);
        Assert.Equal("""{"message":"hello bin"}""", response.Body);
    }

    [Fact]
    public async Task HttpApiHandler_OtherException_PropagatesAsAFunctionError()
    {
        var request = HttpApiRequestBuilder.Post("/greetings")
            .WithJsonBody(new Greeting("boom"), TestJsonContext.Default.Greeting)
            .Build();

        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.InvokeHttpApiAsync<GreetHttpHandler>(request));
    }

    [Fact]
    public async Task HttpApiHandler_RawJsonPath_AnswersWithCamelCaseResponseAndNoNulls()
    {
        var json = HttpApiRequestBuilder.Post("/greetings")
            .WithJsonBody(new Greeting("ada"), TestJsonContext.Default.Greeting)
            .BuildJson();

        var response = await _host.InvokeJsonAsync<GreetHttpHandler>(json);

        Assert.Equal(
            """{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\u0022message\u0022:\u0022hello ada\u0022}","isBase64Encoded":false}""",
            response);
    }

    [Fact]
    public async Task RestApiHandler_ValidBody_Answers201WithLocation()
    {
        var request = RestApiRequestBuilder.Post("/greetings")
            .WithJsonBody(new Greeting("ada"), TestJsonContext.Default.Greeting)
            .Build();

        var response = await _host.InvokeRestApiAsync<GreetRestHandler>(request);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal("/greetings/ada", response.Header("Location"));
        Assert.Equal("application/json", response.Header("content-type"));
        Assert.Equal("hello ada", response.ReadJson(TestJsonContext.Default.GreetingReply).Message);
    }

    [Fact]
    public async Task RestApiHandler_HttpProblemException_AnswersProblemDetails()
    {
        var request = RestApiRequestBuilder.Post("/greetings")
            .WithJsonBody(new Greeting("nobody"), TestJsonContext.Default.Greeting)
            .Build();

        var response = await _host.InvokeRestApiAsync<GreetRestHandler>(request);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("application/problem+json", response.Header("content-type"));
        Assert.Equal("Nobody is not here.", response.ReadProblem().Detail);
    }

    [Fact]
    public async Task RestApiHandler_MalformedBase64Body_Answers400Problem()
    {
        var request = RestApiRequestBuilder.Post("/greetings").Build() with
        {
            Body = "not*base64",
            IsBase64Encoded = true,
        };

        var response = await _host.InvokeRestApiAsync<GreetRestHandler>(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains("not valid base64", response.ReadProblem().Detail);
    }
}
