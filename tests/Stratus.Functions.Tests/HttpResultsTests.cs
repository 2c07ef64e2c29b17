using Stratus.Functions.Testing;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class HttpResultsTests
{
    [Fact]
    public void Ok_Value_IsJsonWithJsonContentType()
    {
        HttpApiResponse response = HttpResults.Ok(new GreetingReply("hi"), TestJsonContext.Default.GreetingReply);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.Header("content-type"));
        Assert.Equal("""{"message":"hi"}""", response.Body);
    }

    [Fact]
    public void Created_Value_HasLocationHeaderAndJsonBody()
    {
        var reply = new GreetingReply("hi");

        var result = HttpResults.Created("/greetings/7", reply, TestJsonContext.Default.GreetingReply);

        Assert.Equal(201, result.StatusCode);
        Assert.Equal("/greetings/7", result.Headers!["Location"]);
        Assert.Equal("application/json", result.Headers["content-type"]);
        Assert.Equal("""{"message":"hi"}""", result.Body);
    }

    [Fact]
    public void NoContent_HasNoBodyAndNoHeaders()
    {
        var result = HttpResults.NoContent();

        Assert.Equal(204, result.StatusCode);
        Assert.Null(result.Body);
        Assert.Null(result.Headers);
    }

    [Theory]
    [InlineData(404, "Not Found", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5")]
    [InlineData(401, "Unauthorized", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2")]
    [InlineData(403, "Forbidden", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4")]
    [InlineData(409, "Conflict", "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10")]
    public void ErrorHelpers_Detail_AreProblemDetails(int status, string title, string type)
    {
        var result = status switch
        {
            404 => HttpResults.NotFound("detail text"),
            401 => HttpResults.Unauthorized("detail text"),
            403 => HttpResults.Forbidden("detail text"),
            _ => HttpResults.Conflict("detail text"),
        };

        Assert.Equal(status, result.StatusCode);
        Assert.Equal("application/problem+json", result.Headers!["content-type"]);
        Assert.Equal(
            $$"""{"type":"{{type}}","title":"{{title}}","status":{{status}},"detail":"detail text"}""",
            result.Body);
    }

    [Theory]
    [InlineData(null, "Bearer")]
    [InlineData("Basic realm=\"users\"", "Basic realm=\"users\"")]
    public void Unauthorized_Always_CarriesTheWwwAuthenticateChallenge(string? challenge, string expected)
    {
        var result = challenge is null
            ? HttpResults.Unauthorized("no token")
            : HttpResults.Unauthorized("no token", challenge);

        Assert.Equal(expected, result.Headers!["WWW-Authenticate"]);
        Assert.Equal("application/problem+json", result.Headers["content-type"]);
    }

    [Fact]
    public void BadRequest_Errors_AreWrittenAsErrorsMap()
    {
        var errors = new Dictionary<string, string[]> { ["email"] = ["Required.", "Must contain '@'."] };

        var result = HttpResults.BadRequest("The user is not valid.", errors);

        Assert.Equal(
            """{"type":"https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1","title":"Bad Request","status":400,"detail":"The user is not valid.","errors":{"email":["Required.","Must contain \u0027@\u0027."]}}""",
            result.Body);
    }

    [Fact]
    public void Problem_UncommonStatusWithoutDetail_UsesAboutBlankAndOmitsDetail()
    {
        var result = HttpResults.Problem(429, "Too Many Requests");

        Assert.Equal(429, result.StatusCode);
        Assert.Equal("""{"type":"about:blank","title":"Too Many Requests","status":429}""", result.Body);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(399)]
    [InlineData(600)]
    public void Problem_NonErrorStatus_Throws(int status)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HttpResults.Problem(status, "Odd"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpProblemException(status, "Odd"));
    }

    [Fact]
    public void HttpResult_ToRestApiResponse_KeepsStatusHeadersAndBody()
    {
        RestApiResponse response = HttpResults.NotFound("gone");

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("application/problem+json", response.Header("Content-Type"));
        Assert.Equal("gone", response.ReadProblem().Detail);
    }

    [Fact]
    public void WithHeader_ExistingNameInOtherCase_ReplacesIt()
    {
        HttpApiResponse response = HttpResults.Ok(new GreetingReply("hi"), TestJsonContext.Default.GreetingReply);

        var changed = response.WithHeader("Content-Type", "application/vnd.greeting+json").WithHeader("x-id", "1");

        Assert.Equal(2, changed.Headers!.Count);
        Assert.Equal("application/vnd.greeting+json", changed.Header("content-type"));
        Assert.Equal("application/json", response.Header("content-type"));
    }

    [Fact]
    public void WithCookie_Twice_KeepsBothCookies()
    {
        var response = new HttpApiResponse { StatusCode = 200 }.WithCookie("a=1; Secure").WithCookie("b=2");

        Assert.Equal(["a=1; Secure", "b=2"], response.Cookies);
    }

    [Fact]
    public void HttpProblemException_ToProblemDetails_CarriesAllFields()
    {
        var errors = new Dictionary<string, string[]> { ["id"] = ["Unknown."] };
        var exception = new HttpProblemException(422, "Unprocessable Content", "The id is unknown.", errors);

        var problem = exception.ToProblemDetails();

        Assert.Equal("The id is unknown.", exception.Message);
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21", problem.Type);
        Assert.Equal(422, problem.Status);
        Assert.Equal("Unprocessable Content", problem.Title);
        Assert.Same(errors, problem.Errors);
    }
}
