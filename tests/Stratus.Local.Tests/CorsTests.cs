using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// CORS as API Gateway applies it: the HTTP API's built-in CORS (AWS, "Configure CORS for HTTP APIs") and the
/// REST preflight mock the Serverless Framework generates for <c>cors</c> on an <c>http</c> event.
/// </summary>
public sealed class CorsTests
{
    private const string Origin = "https://app.example";

    [Fact]
    public async Task HttpApiWithoutCors_GetWithOrigin_AddsNoAccessControlHeaders()
    {
        await using var test = await TestCloud.StartAsync(Things("http-ok"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/things");
        request.Headers.Add("Origin", Origin);

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.DoesNotContain(
            response.Headers.Concat(response.Content.Headers),
            header => header.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task HttpApiWithoutCors_Preflight_ReachesFunctionAndAnswerComesBackUnchanged()
    {
        await using var test = await TestCloud.StartAsync(Things("own-cors"));

        using var response = await test.Client.SendAsync(Preflight("/things"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("own", await response.Content.ReadAsStringAsync());
        Assert.Equal("OPTIONS", response.Headers.GetValues("X-Method").Single());
        Assert.Equal("https://function.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task HttpApiWithCorsTrue_Preflight_GatewayAnswers204WithoutCallingFunction()
    {
        await using var test = await TestCloud.StartAsync(
            [Things("own-cors")],
            options => options with { HttpApiCors = new LocalCors { AllowedHeaders = ["Content-Type"] } });

        using var response = await test.Client.SendAsync(Preflight("/things"));

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET,OPTIONS", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("Content-Type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.False(response.Headers.Contains("X-Method"));
        Assert.Empty(test.Cloud.GetProcessIds("things"));
    }

    [Fact]
    public async Task HttpApiWithCorsTrue_AnyMethodRoute_PreflightListsEveryMethodAsTheFrameworkFillsThem()
    {
        var proxy = Create("proxy", "own-cors", Http("ANY", "/api/{proxy+}"));
        await using var test = await TestCloud.StartAsync(
            [proxy],
            options => options with { HttpApiCors = new LocalCors() });

        using var response = await test.Client.SendAsync(Preflight("/api/things"));

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal(
            "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT",
            response.Headers.GetValues("Access-Control-Allow-Methods").Single());
    }

    // http-api-cors.html, on a $default route with an authorizer: "The $default route catches requests for all
    // methods and routes that you haven't explicitly defined, including OPTIONS requests."
    [Fact]
    public async Task HttpApiWithCors_PreflightNoExplicitRouteTakes_ReachesTheDefaultRouteWithConfiguredHeaders()
    {
        var fallback = Create("fallback", "own-cors", Http("ANY", "$default"));
        await using var test = await TestCloud.StartAsync(
            [fallback],
            options => options with { HttpApiCors = new LocalCors { AllowedHeaders = ["Content-Type"] } });

        using var response = await test.Client.SendAsync(Preflight("/anything"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("OPTIONS", response.Headers.GetValues("X-Method").Single());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("Content-Type", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.True(response.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task HttpApiWithCors_PreflightAnExplicitAnyRouteTakes_IsAnsweredByTheGatewayDespiteADefaultRoute()
    {
        var proxy = Create("proxy", "own-cors", Http("ANY", "/api/{proxy+}"));
        var fallback = Create("fallback", "own-cors", Http("ANY", "$default"));
        await using var test = await TestCloud.StartAsync(
            [proxy, fallback],
            options => options with { HttpApiCors = new LocalCors() });

        using var response = await test.Client.SendAsync(Preflight("/api/things"));

        Assert.Equal(204, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("X-Method"));
        Assert.Empty(test.Cloud.GetProcessIds("fallback"));
        Assert.Empty(test.Cloud.GetProcessIds("proxy"));
    }

    [Fact]
    public async Task HttpApiWithCors_GetWithOrigin_ReplacesFunctionCorsHeadersWithConfiguredOnes()
    {
        var cors = new LocalCors
        {
            AllowedOrigins = [Origin],
            AllowCredentials = true,
            ExposedHeaders = ["X-Method"],
        };
        await using var test = await TestCloud.StartAsync(
            [Things("own-cors")],
            options => options with { HttpApiCors = cors });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/things");
        request.Headers.Add("Origin", Origin);

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal("X-Method", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task HttpApiWithCors_OriginNotAllowed_GetsNoAccessControlHeaders()
    {
        var cors = new LocalCors { AllowedOrigins = [Origin] };
        await using var test = await TestCloud.StartAsync(
            [Things("own-cors")],
            options => options with { HttpApiCors = cors });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/things");
        request.Headers.Add("Origin", "https://other.example");

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    // http-api-cors.html: allowOrigins 'https://*' allows "any origin that begins with https://".
    [Theory]
    [InlineData("https://app.example", "https://app.example")]
    [InlineData("http://app.example", null)]
    public async Task HttpApiWithCors_SchemeWildcardOrigin_AllowsEveryOriginOfThatScheme(
        string origin,
        string? expected)
    {
        var cors = new LocalCors { AllowedOrigins = ["https://*"] };
        await using var test = await TestCloud.StartAsync(
            [Things("own-cors")],
            options => options with { HttpApiCors = cors });
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/things");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/things");
        get.Headers.Add("Origin", origin);

        using var preflightResponse = await test.Client.SendAsync(preflight);
        using var getResponse = await test.Client.SendAsync(get);

        Assert.Equal(204, (int)preflightResponse.StatusCode);
        Assert.Equal(200, (int)getResponse.StatusCode);
        Assert.Equal(expected, AllowOrigin(preflightResponse));
        Assert.Equal(expected, AllowOrigin(getResponse));
    }

    [Fact]
    public async Task RestWithCors_Options_AnsweredByFrameworkMockWithMethodsOfThePath()
    {
        var cors = RestCorsTrue with { AllowedHeaders = ["Content-Type", "X-Api-Key"], MaxAge = 600 };
        var items = Create(
            "items",
            "own-cors",
            Rest("GET", "/items") with { Cors = cors },
            Rest("POST", "/items") with { Cors = cors });
        await using var test = await TestCloud.StartAsync(items);

        using var response = await test.Client.SendAsync(Preflight("/dev/items"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET,OPTIONS,POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("Content-Type,X-Api-Key", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("600", response.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Empty(test.Cloud.GetProcessIds("items"));
    }

    [Fact]
    public async Task RestWithCors_MethodsOfOnePathOnTwoFunctions_PreflightMergesTheirMethodsOriginsAndHeaders()
    {
        // The framework's validate step unites the cors of every event on a path into its one OPTIONS mock.
        var readerCors = new LocalCors { AllowedOrigins = ["https://a.example"], AllowedHeaders = ["X-A"] };
        var reader = Create("reader", "own-cors", Rest("GET", "/things") with { Cors = readerCors });
        var writer = Create(
            "writer",
            "own-cors",
            Rest("PUT", "/things") with
            {
                Cors = new LocalCors
                {
                    AllowedOrigins = [Origin], AllowedHeaders = ["X-B"], AllowCredentials = true, MaxAge = 60,
                },
            });
        await using var test = await TestCloud.StartAsync([reader, writer]);
        using var preflight = Preflight("/dev/things");

        using var response = await test.Client.SendAsync(preflight);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("GET,OPTIONS,PUT", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal(Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("X-A,X-B", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Equal("60", response.Headers.GetValues("Access-Control-Max-Age").Single());
    }

    [Theory]
    [InlineData("https://app.example.com", "https://app.example.com")]
    [InlineData("http://localhost:3000", "http://localhost:3000")]
    [InlineData("https://evil.com", "https://*.example.com")]
    [InlineData("https://example.com", "https://*.example.com")]
    public async Task RestWithCors_WildcardOrigin_PreflightSendsBackTheMatchingOriginAsTheFrameworksTemplateDoes(
        string origin,
        string expected)
    {
        // The framework's response template turns '*' into '.+' and sends back a matching request Origin.
        var cors = new LocalCors { AllowedOrigins = ["https://*.example.com", "http://localhost:3000"] };
        var site = Create("site", "own-cors", Rest("GET", "/w") with { Cors = cors });
        await using var test = await TestCloud.StartAsync(site);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/dev/w");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await test.Client.SendAsync(preflight);

        Assert.Equal(expected, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    // Serverless Framework 3.40 (api-gateway/lib/validate.js getCors, cors.js compileCors): a singular 'origin'
    // without a comma becomes the mock's static Access-Control-Allow-Origin, with no response template, so a wildcard
    // in it is sent as written and no origin is sent back; only 'origins' (or a comma-separated 'origin') are matched.
    [Theory]
    [InlineData("https://*.example.com", "https://app.example.com", "https://*.example.com")]
    [InlineData("https://*.example.com, http://localhost:3000", "https://app.example.com", "https://app.example.com")]
    [InlineData("https://*.example.com, http://localhost:3000", "https://evil.com", "https://*.example.com")]
    [InlineData("*", "https://app.example.com", "*")]
    public async Task RestWithCors_SingularOrigin_IsSentAsWrittenUnlessItListsSeveralWithCommas(
        string configured,
        string origin,
        string expected)
    {
        var cors = RestCorsTrue with { Origin = configured, AllowCredentials = true };
        var site = Create("site", "own-cors", Rest("GET", "/w") with { Cors = cors });
        await using var test = await TestCloud.StartAsync(site);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/dev/w");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");

        using var response = await test.Client.SendAsync(preflight);

        Assert.Equal(expected, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    // validate.js unites the 'origins' of every event on a path and keeps the last event's 'origin'; compileCors
    // then templates the origins whenever there are any, so a later 'cors: true' does not make the answer '*'.
    [Fact]
    public async Task RestWithCors_OriginsOnOneEventAndCorsTrueOnALaterOne_PreflightStillMatchesTheOrigins()
    {
        var reader = Create(
            "reader",
            "own-cors",
            Rest("GET", "/things") with { Cors = new LocalCors { AllowedOrigins = [Origin], Origin = null } });
        var writer = Create("writer", "own-cors", Rest("PUT", "/things") with { Cors = RestCorsTrue });
        await using var test = await TestCloud.StartAsync([reader, writer]);

        using var matching = await test.Client.SendAsync(Preflight("/dev/things"));

        Assert.Equal(Origin, matching.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task RestWithCors_AnyMethodRoute_PreflightListsEveryMethodBecauseBrowsersDoNotKnowAny()
    {
        var proxy = Create("proxy", "own-cors", Rest("ANY", "/any/{proxy+}") with { Cors = RestCorsTrue });
        await using var test = await TestCloud.StartAsync(proxy);
        using var preflight = Preflight("/dev/any/deep/path");

        using var response = await test.Client.SendAsync(preflight);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(
            "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT",
            response.Headers.GetValues("Access-Control-Allow-Methods").Single());
    }

    [Fact]
    public async Task RestWithCors_MethodsConfigured_PreflightAlsoAllowsTheEventsOwnMethod()
    {
        var cors = RestCorsTrue with { AllowedMethods = ["POST"] };
        var items = Create("items", "own-cors", Rest("GET", "/items") with { Cors = cors });
        await using var test = await TestCloud.StartAsync(items);
        using var preflight = Preflight("/dev/items");

        using var response = await test.Client.SendAsync(preflight);

        Assert.Equal("GET,OPTIONS,POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
    }

    [Fact]
    public async Task RestWithoutCors_Options_Answers403MissingAuthenticationToken()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "own-cors", Rest("GET", "/items")));

        using var response = await test.Client.SendAsync(Preflight("/dev/items"));

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("""{"message":"Missing Authentication Token"}""", await response.Content.ReadAsStringAsync());
    }

    // What the model maps a REST event's 'cors: true' to: the framework's default origin '*', sent as written.
    private static readonly LocalCors RestCorsTrue = new() { Origin = "*", AllowedOrigins = [] };

    private static string? AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;

    private static LocalFunction Things(string behaviour) =>
        Create("things", behaviour, Http("GET", "/things"), Http("OPTIONS", "/things"));

    private static HttpRequestMessage Preflight(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        return request;
    }
}
