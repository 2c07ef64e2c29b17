using System.Text.Json;
using Stratus.Functions.Testing;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class RequestBuilderTests
{
    private static readonly DateTimeOffset Time = new(2025, 3, 12, 19, 3, 58, TimeSpan.Zero);

    // The shape `stratus dev` sends and API Gateway's apigw-requestid has: 16 characters of base64, not a UUID.
    [Fact]
    public void HttpApiBuild_RequestId_HasApiGatewaysBase64Shape()
    {
        var request = HttpApiRequestBuilder.Get("/users").Build();

        Assert.Matches("^[A-Za-z0-9+/]{15}=$", request.RequestContext.RequestId);
    }

    [Fact]
    public void HttpApiBuild_GetWithRoute_FillsTheRequestAsApiGatewayDoes()
    {
        var request = HttpApiRequestBuilder.Get("/users/42?expand=roles")
            .WithRouteKey("GET /users/{id}")
            .WithPathParameter("id", "42")
            .WithHeader("X-Api-Key", "k")
            .WithCookie("session", "abc")
            .WithTime(Time)
            .Build();

        Assert.Equal("2.0", request.Version);
        Assert.Equal("GET /users/{id}", request.RouteKey);
        Assert.Equal("/users/42", request.RawPath);
        Assert.Equal("expand=roles", request.RawQueryString);
        Assert.Equal("roles", request.QueryStringParameters!["expand"]);
        Assert.Equal("42", request.PathParameters!["id"]);
        Assert.Equal("k", request.Headers!["x-api-key"]);
        Assert.Equal(["session=abc"], request.Cookies);
        Assert.Null(request.Body);
        Assert.False(request.IsBase64Encoded);
        var context = request.RequestContext;
        Assert.Equal("GET", context.Http.Method);
        Assert.Equal("/users/42", context.Http.Path);
        Assert.Equal("HTTP/1.1", context.Http.Protocol);
        Assert.Equal("127.0.0.1", context.Http.SourceIp);
        Assert.Equal("Stratus.Functions.Testing", context.Http.UserAgent);
        Assert.Equal("GET /users/{id}", context.RouteKey);
        Assert.Equal("$default", context.Stage);
        Assert.Equal("12/Mar/2025:19:03:58 +0000", context.Time);
        Assert.Equal(Time.ToUnixTimeMilliseconds(), context.TimeEpoch);
        Assert.Equal("123456789012", context.AccountId);
        Assert.NotEqual("", context.RequestId);
    }

    [Fact]
    public void HttpApiBuild_NoRouteKey_GuessesItFromPathParameters()
    {
        var request = HttpApiRequestBuilder.Delete("/orgs/acme/users/42")
            .WithPathParameter("org", "acme")
            .WithPathParameter("id", "42")
            .Build();

        Assert.Equal("DELETE /orgs/{org}/users/{id}", request.RouteKey);
        Assert.Null(request.QueryStringParameters);
        Assert.Equal("", request.RawQueryString);
    }

    [Fact]
    public void HttpApiBuild_RepeatedQuery_JoinsValuesAndEscapesTheRawString()
    {
        var request = HttpApiRequestBuilder.Get("/search").WithQuery("q", "a b").WithQuery("q", "c&d").Build();

        Assert.Equal("a b,c&d", request.QueryStringParameters!["q"]);
        Assert.Equal("q=a%20b&q=c%26d", request.RawQueryString);
        Assert.Equal(["a b", "c&d"], request.QueryParameterValues("q"));
    }

    [Fact]
    public void HttpApiBuild_JsonBody_SetsBodyAndContentType()
    {
        var request = HttpApiRequestBuilder.Put("/greetings/1")
            .WithHeader("Content-Type", "text/plain")
            .WithJsonBody(new Greeting("ada"), TestJsonContext.Default.Greeting)
            .Build();

        Assert.Equal("PUT", request.RequestContext.Http.Method);
        Assert.Equal("""{"name":"ada"}""", request.Body);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("ada", request.ReadJson(TestJsonContext.Default.Greeting).Name);
    }

    [Fact]
    public void HttpApiBuildJson_Request_UsesAwsPropertyNames()
    {
        var json = HttpApiRequestBuilder.Create("patch", "/x").WithJwtClaim("sub", "user-1").WithTime(Time).BuildJson();

        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("PATCH /x", root.GetProperty("routeKey").GetString());
        Assert.Equal("/x", root.GetProperty("rawPath").GetString());
        Assert.False(root.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(root.TryGetProperty("pathParameters", out _));
        var context = root.GetProperty("requestContext");
        Assert.Equal("PATCH", context.GetProperty("http").GetProperty("method").GetString());
        var claims = context.GetProperty("authorizer").GetProperty("jwt").GetProperty("claims");
        Assert.Equal("user-1", claims.GetProperty("sub").GetString());
        Assert.Equal(Time.ToUnixTimeMilliseconds(), context.GetProperty("timeEpoch").GetInt64());
    }

    [Fact]
    public void RestApiBuild_Post_FillsTheRequestAsApiGatewayDoes()
    {
        var request = RestApiRequestBuilder.Post("/users/42/roles?dry=1&dry=2")
            .WithResource("/users/{id}/roles")
            .WithPathParameter("id", "42")
            .WithHeader("Accept", "text/plain")
            .WithHeader("Accept", "application/json")
            .WithClaim("sub", "user-1")
            .WithStage("prod")
            .WithBody("hi")
            .WithTime(Time)
            .Build();

        Assert.Equal("/users/{id}/roles", request.Resource);
        Assert.Equal("/users/42/roles", request.Path);
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("application/json", request.Headers!["Accept"]);
        Assert.Equal(["text/plain", "application/json"], request.MultiValueHeaders!["Accept"]);
        Assert.Equal("2", request.QueryStringParameters!["dry"]);
        Assert.Equal(["1", "2"], request.MultiValueQueryStringParameters!["dry"]);
        Assert.Equal("hi", request.Body);
        var context = request.RequestContext;
        Assert.Equal("POST", context.HttpMethod);
        Assert.Equal("/prod/users/42/roles", context.Path);
        Assert.Equal("/users/{id}/roles", context.ResourcePath);
        Assert.Equal("prod", context.Stage);
        Assert.Equal("12/Mar/2025:19:03:58 +0000", context.RequestTime);
        Assert.Equal(Time.ToUnixTimeMilliseconds(), context.RequestTimeEpoch);
        Assert.Equal("127.0.0.1", context.Identity.SourceIp);
        Assert.Equal("user-1", context.Authorizer!["claims"].GetProperty("sub").GetString());
    }

    [Fact]
    public void RestApiBuild_RouteKeyAndNoQuery_SetsResourceAndLeavesQueryNull()
    {
        var request = RestApiRequestBuilder.Get("/users/7").WithRouteKey("GET /users/{id}").Build();

        Assert.Equal("/users/{id}", request.Resource);
        Assert.Null(request.QueryStringParameters);
        Assert.Null(request.MultiValueQueryStringParameters);
        Assert.Null(request.PathParameters);
    }

    [Fact]
    public void RestApiBuildJson_Request_UsesAwsPropertyNames()
    {
        var json = RestApiRequestBuilder.Get("/users/7").WithPathParameter("id", "7").BuildJson();

        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("/users/{id}", root.GetProperty("resource").GetString());
        Assert.Equal("GET", root.GetProperty("httpMethod").GetString());
        Assert.Equal("7", root.GetProperty("pathParameters").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("multiValueHeaders").ValueKind);
        var context = root.GetProperty("requestContext");
        Assert.Equal("test", context.GetProperty("stage").GetString());
        Assert.Equal("127.0.0.1", context.GetProperty("identity").GetProperty("sourceIp").GetString());
    }
}
