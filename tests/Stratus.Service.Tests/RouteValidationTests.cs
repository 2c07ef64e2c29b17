namespace Stratus.Service.Tests;

/// <summary>Routes API Gateway would refuse are reported with their location before anything is built.</summary>
public sealed class RouteValidationTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Theory]
    [InlineData("httpApi", "GET /same", "GET /same")]
    [InlineData("httpApi", "GET /x/{id}", "GET /x/{name}")]
    [InlineData("http", "POST users", "POST /users/")]
    public void Load_TwoFunctionsOnOneRoute_ReportsRouteConflictAtTheSecond(string kind, string first, string second)
    {
        var errors = _service.LoadFails(TwoFunctions(kind, first, second)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal(ConfigErrorCodes.RouteConflict, error.Code);
        Assert.Equal(13, error.At.Line);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    // The framework keys routes by method and path, so the second would silently replace the first on deploy.
    [Theory]
    [InlineData("httpApi", "GET /same", "GET /same")]
    [InlineData("httpApi", "GET /a/{proxy+}", "GET /a/{other+}")]
    [InlineData("http", "GET a/{x}", "GET a/{x}")]
    [InlineData("httpApi", "'*'", "{method: '*', path: '*'}")]
    public void Load_OneFunctionDeclaringARouteTwice_ReportsRouteConflictAtTheSecond(
        string kind,
        string first,
        string second)
    {
        var yaml = $$"""
            service: routes
            provider:
              name: aws
            functions:
              a:
                handler: A::A.Handler
                events:
                  - {{kind}}: {{first}}
                  - {{kind}}: {{second}}
            """;

        var error = Assert.Single(_service.LoadFails(yaml).Errors);

        Assert.Equal(ConfigErrorCodes.RouteConflict, error.Code);
        Assert.Equal(9, error.At.Line);
        Assert.Contains("which it already declares at line 8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("httpApi", "GET /x/{unclosed")]
    [InlineData("httpApi", "GET nope-no-slash")]
    [InlineData("http", "GET files/{proxy+}/more")]
    [InlineData("http", "GET a/pre{id}")]
    [InlineData("httpApi", "GET /a//b")]
    [InlineData("http", "GET users//{id}")]
    [InlineData("httpApi", "GET //")]
    [InlineData("httpApi", "GET /a/{id}//")]
    [InlineData("http", "GET /q?x=1")]
    [InlineData("httpApi", "GET /q?x=1")]
    [InlineData("httpApi", "GET /sp ace")]
    [InlineData("http", "GET /page#top")]
    [InlineData("http", "GET d/{id}/{id}")]
    [InlineData("httpApi", "GET /d/{id}/x/{id+}")]
    public void Load_RoutePathApiGatewayRefuses_ReportsRoutePathInvalid(string kind, string route)
    {
        var error = Assert.Single(_service.LoadFails(TwoFunctions(kind, route, "GET /other")).Errors);

        Assert.Equal(ConfigErrorCodes.RoutePathInvalid, error.Code);
        Assert.Equal(9, error.At.Line);
    }

    [Theory]
    [InlineData("GET /q?x=1", "holds '?', which starts a request's query string")]
    [InlineData("GET /sp ace", "holds whitespace")]
    [InlineData("GET /page#top", "holds '#', which starts a URL's fragment")]
    public void Load_RoutePathNoRequestCanReach_SaysWhichCharacterStopsIt(string route, string problem)
    {
        var error = Assert.Single(_service.LoadFails(TwoFunctions("httpApi", route, "GET /other")).Errors);

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TwoFunctionsOnOneRouteWithOtherParameterNames_NamesBothRoutesAsWritten()
    {
        var error = Assert.Single(
            _service.LoadFails(TwoFunctions("httpApi", "GET /items/{id}", "GET /items/{itemId}")).Errors);

        Assert.Equal(
            "function 'b' declares route 'httpApi GET /items/{itemId}', which function 'a' already declares at " +
            "line 9, as 'httpApi GET /items/{id}'.",
            error.Message);
    }

    // The framework (v3, compile/events/http-api.js, INVALID_HTTP_API_PATH) refuses the path '*' with any method
    // but '*'; Stratus took 'GET *' as the catch-all $default for every method.
    [Theory]
    [InlineData("GET *", 9)]
    [InlineData("ANY *", 9)]
    [InlineData("{method: post, path: '*'}", 9)]
    public void Load_CatchAllPathWithAMethodOtherThanStar_IsRefusedAtThePathWithTheCatchAllAsFix(
        string route,
        int line)
    {
        var error = Assert.Single(_service.LoadFails(TwoFunctions("httpApi", route, "GET /other")).Errors);

        Assert.Equal((ConfigErrorCodes.RoutePathInvalid, line), (error.Code, error.At.Line));
        Assert.Contains("the path '*' with the method", error.Message, StringComparison.Ordinal);
        Assert.Contains("catch-all route $default", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("for the catch-all, write \"- httpApi: '*'\"", error.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"GET /a\\eb\"", "segment 'a\\u001bb' holds a control character")]
    [InlineData("\"GET /a\\_b\"", "segment 'a\\u00a0b' holds whitespace (such as a space, a tab or a no-break")]
    public void Load_RoutePathWithAnInvisibleCharacter_IsRefusedQuotingItEscaped(string route, string expected)
    {
        var error = Assert.Single(_service.LoadFails(TwoFunctions("httpApi", route, "GET /other")).Errors);

        Assert.Equal(ConfigErrorCodes.RoutePathInvalid, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    // The framework's '<method> <path>' pattern (v3, compile/events/http-api.js) takes a method word or '*' alone:
    // '* /x' and '* *' match neither it nor the schema. Stratus took them as 'ANY /x' and the catch-all.
    [Theory]
    [InlineData("'* /x'")]
    [InlineData("'* *'")]
    [InlineData("'*   /x/{id}'")]
    public void Load_RouteStringWithStarAsItsMethod_IsRefusedWithTheTwoFormsItMayMean(string route)
    {
        var error = Assert.Single(_service.LoadFails(TwoFunctions("httpApi", route, "GET /other")).Errors);

        Assert.Equal((ConfigErrorCodes.HttpMethodInvalid, 9), (error.Code, error.At.Line));
        Assert.Contains("whose method is '*'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ANY /path'", error.Fix, StringComparison.Ordinal);
    }

    // As the framework: a path of '*' with no method is the catch-all too.
    [Fact]
    public void Load_CatchAllPathWithoutAMethod_IsTheDefaultRoute()
    {
        var service = _service.Load(TwoFunctions("httpApi", "{path: '*'}", "GET /other"));

        var route = Assert.IsType<HttpApiEvent>(Assert.Single(service.Functions[0].Events));
        Assert.Equal("$default", route.RouteKey);
    }

    // Every spelling of the catch-all is one route, $default: declared twice it is STR1222 at the second, named so.
    [Theory]
    [InlineData("'*'", "'*'")]
    [InlineData("'*'", "{method: '*', path: '*'}")]
    [InlineData("'*'", "{path: '*'}")]
    public void Load_CatchAllDeclaredTwice_IsRouteConflictNamingDefault(string first, string second)
    {
        var error = Assert.Single(_service.LoadFails(TwoFunctions("httpApi", first, second)).Errors);

        Assert.Equal((ConfigErrorCodes.RouteConflict, 13), (error.Code, error.At.Line));
        Assert.Equal(
            "function 'b' declares route 'httpApi $default', which function 'a' already declares at line 9.",
            error.Message);
    }

    [Fact]
    public void Load_SamePathDifferentMethodsOrApis_IsAccepted()
    {
        var service = _service.Load(TwoFunctions("httpApi", "GET /users/{id}", "PUT /users/{id}"));

        Assert.Equal(2, service.Functions.Count);
    }

    private static string TwoFunctions(string kind, string first, string second) => $"""
        service: routes
        provider:
          name: aws
          runtime: provided.al2023
        functions:
          a:
            handler: A::A.Handler
            events:
              - {kind}: {first}
          b:
            handler: A::A.Other
            events:
              - {kind}: {second}
        """;
}
