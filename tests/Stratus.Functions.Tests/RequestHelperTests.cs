using System.Text;
using Stratus.Functions.Testing;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class RequestHelperTests
{
    [Fact]
    public void ReadJson_PlainBody_ReadsTheValue()
    {
        var request = new HttpApiRequest { Body = """{"name":"ada"}""" };

        var greeting = request.ReadJson(TestJsonContext.Default.Greeting);

        Assert.Equal("ada", greeting.Name);
    }

    [Fact]
    public void ReadJson_Base64Body_DecodesFirst()
    {
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"name":"zoë"}"""));
        var request = new RestApiRequest { Body = body, IsBase64Encoded = true };

        var greeting = request.ReadJson(TestJsonContext.Default.Greeting);

        Assert.Equal("zoë", greeting.Name);
    }

    [Theory]
    [InlineData(null, false, "is empty")]
    [InlineData("{\"name\"", false, "is not a valid JSON 'Greeting'")]
    [InlineData("null", false, "is JSON null")]
    [InlineData("%%%", true, "not valid base64")]
    public void ReadJson_BadBody_Throws400Problem(string? body, bool isBase64Encoded, string expected)
    {
        var request = new HttpApiRequest { Body = body, IsBase64Encoded = isBase64Encoded };

        var exception = Assert.Throws<HttpProblemException>(() => request.ReadJson(TestJsonContext.Default.Greeting));

        Assert.Equal(400, exception.Status);
        Assert.Contains(expected, exception.Detail);
    }

    [Fact]
    public void PathParameter_Present_ReturnsIt()
    {
        var request = HttpApiRequestBuilder.Get("/users/42").WithPathParameter("id", "42").Build();

        Assert.Equal("42", request.PathParameter("id"));
        Assert.True(request.TryGetPathParameter("id", out var id));
        Assert.Equal("42", id);
    }

    // `invoke local` runs {} by default: the fix is then in the event, not in serverless.yml.
    [Fact]
    public void PathParameter_HandWrittenEventWithoutARoute_SaysToGiveTheEventItsPathParameters()
    {
        var http = new HttpApiRequest();
        var rest = new RestApiRequest();

        var fromHttp = Assert.Throws<InvalidOperationException>(() => http.PathParameter("id"));
        var fromRest = Assert.Throws<InvalidOperationException>(() => rest.PathParameter("id"));

        Assert.Contains(
            "give the event \"pathParameters\": {\"id\": \"...\"}", fromHttp.Message, StringComparison.Ordinal);
        Assert.Equal(fromHttp.Message, fromRest.Message);
    }

    [Fact]
    public void PathParameter_Missing_ThrowsNamingParameterAndRoute()
    {
        var request = HttpApiRequestBuilder.Get("/users").WithRouteKey("GET /users").Build();

        var exception = Assert.Throws<InvalidOperationException>(() => request.PathParameter("id"));

        Assert.Contains("'id'", exception.Message);
        Assert.Contains("'GET /users'", exception.Message);
        Assert.Contains("{id}", exception.Message);
        Assert.False(request.TryGetPathParameter("id", out _));
    }

    [Fact]
    public void QueryParameter_HttpApi_ReturnsJoinedValueAndRawValues()
    {
        var request = HttpApiRequestBuilder.Get("/search?tag=a%20b&tag=c&limit=5").Build();

        Assert.Equal("a b,c", request.QueryParameter("tag"));
        Assert.Equal(["a b", "c"], request.QueryParameterValues("tag"));
        Assert.Equal("5", request.QueryParameter("limit"));
        Assert.Null(request.QueryParameter("LIMIT"));
        Assert.Empty(request.QueryParameterValues("missing"));
    }

    [Theory]
    [InlineData("d=x+y", "x y")]
    [InlineData("d=x%2By", "x+y")]
    [InlineData("d=x%20y", "x y")]
    [InlineData("d=%2B1%20555", "+1 555")]
    public void QueryParameterValues_HttpApi_DecodesAsTheGatewayDecodesQueryStringParameters(
        string rawQuery,
        string expected)
    {
        var request = new HttpApiRequest
        {
            RawQueryString = rawQuery,
            QueryStringParameters = new Dictionary<string, string> { ["d"] = expected },
        };

        Assert.Equal(request.QueryParameter("d"), Assert.Single(request.QueryParameterValues("d")));
        Assert.Equal(expected, request.QueryParameterValues("d")[0]);
    }

    [Fact]
    public void HttpApiBuilder_PlusInQuery_IsASpaceAndTheRawQueryStringIsKeptAsWritten()
    {
        var request = HttpApiRequestBuilder.Get("/search?q=a+b&p=c%2Bd").WithQuery("tag", "x y").Build();

        Assert.Equal("q=a+b&p=c%2Bd&tag=x%20y", request.RawQueryString);
        Assert.Equal("a b", request.QueryParameter("q"));
        Assert.Equal("c+d", request.QueryParameter("p"));
        Assert.Equal(["a b"], request.QueryParameterValues("q"));
        Assert.Equal(["x y"], request.QueryParameterValues("tag"));
    }

    [Fact]
    public void RestApiBuilder_SemicolonInQuery_SeparatesParametersAsTheRestApiSplitsThem()
    {
        var request = RestApiRequestBuilder.Get("/q?x=1;y=2&z=%3B").Build();

        Assert.Equal("1", request.QueryParameter("x"));
        Assert.Equal("2", request.QueryParameter("y"));
        Assert.Equal(";", request.QueryParameter("z"));
    }

    // As the local gateway and paths captured from AWS (hotsock/voker ingress-paths.json): decoded twice, cut at a
    // '?' the first decoding made.
    [Theory]
    [InlineData("/e/a%252Fb", "/e/a/b")]
    [InlineData("/e/a%3Fb", "/e/a")]
    [InlineData("/e/a%2525b", "/e/a%b")]
    public void HttpApiBuilder_PathEncodedTwice_IsDecodedAsTheHttpApiDecodesIt(string sent, string rawPath)
    {
        var request = HttpApiRequestBuilder.Get(sent).Build();

        Assert.Equal(rawPath, request.RawPath);
    }

    [Fact]
    public void HttpApiBuilder_PathWithAPercentLeftAfterDecoding_IsRefusedAsTheHttpApiRefusesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => HttpApiRequestBuilder.Get("/e/a%25").Build());

        Assert.Contains("400", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HttpApiBuilder_EncodedPath_ArrivesDecodedAsTheHttpApiSendsRawPath()
    {
        var request = HttpApiRequestBuilder.Get("/echo/p%20a%2Fb?x=1;y=2&&z=").Build();

        Assert.Equal("/echo/p a/b", request.RawPath);
        Assert.Equal("/echo/p a/b", request.RequestContext.Http.Path);
        Assert.Equal("x=1;y=2&&z=", request.RawQueryString);
        Assert.Equal("1;y=2", request.QueryParameter("x"));
        Assert.Equal("", request.QueryParameter("z"));
    }

    [Fact]
    public void RestApiBuilder_PlusInQuery_IsASpaceAsTheRestApiDecodesIt()
    {
        var request = RestApiRequestBuilder.Get("/search?sort=-+createdAt&p=c%2Bd").Build();

        Assert.Equal("- createdAt", request.QueryParameter("sort"));
        Assert.Equal("c+d", request.QueryParameter("p"));
    }

    [Fact]
    public void QueryParameter_RestApi_ReturnsLastValueAndAllValues()
    {
        var request = RestApiRequestBuilder.Get("/search").WithQuery("tag", "a").WithQuery("tag", "b").Build();

        Assert.Equal("b", request.QueryParameter("tag"));
        Assert.Equal(["a", "b"], request.QueryParameterValues("tag"));
    }

    [Fact]
    public void Header_AnyCase_IsFound()
    {
        var http = HttpApiRequestBuilder.Get("/").WithHeader("X-Api-Key", "k1").Build();
        var rest = RestApiRequestBuilder.Get("/").WithHeader("X-Api-Key", "k2").WithHeader("x-api-key", "k3").Build();

        Assert.Equal("k1", http.Header("x-api-key"));
        Assert.Equal("k1", http.Header("X-API-KEY"));
        Assert.Equal("k3", rest.Header("X-API-KEY"));
        Assert.Equal(["k2", "k3"], rest.HeaderValues("x-api-key"));
        Assert.Null(http.Header("authorization"));
    }
}
