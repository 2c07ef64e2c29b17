using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>The HTTP API (payload 2.0, and 1.0 on request) face of API Gateway.</summary>
public sealed class HttpApiTests
{
    // In AWS the service's REST API and HTTP API are two APIs, each with its own id in the event.
    [Fact]
    public async Task RestAndHttpApiRoutes_EventsCarryTwoDifferentApiIds()
    {
        var echo = Create("echo", "http-ok", Http("GET", "/echo"), Rest("GET", "/echo"));
        await using var test = await TestCloud.StartAsync(echo);

        var httpApi = await Json.ReadAsync(await test.Client.GetAsync("/echo"));
        var rest = await Json.ReadAsync(await test.Client.GetAsync("/dev/echo"));

        var httpApiId = httpApi["requestContext"]!["apiId"]!.GetValue<string>();
        var restApiId = rest["requestContext"]!["apiId"]!.GetValue<string>();
        Assert.Matches("^[a-z0-9]{10}$", httpApiId);
        Assert.Matches("^[a-z0-9]{10}$", restApiId);
        Assert.NotEqual(httpApiId, restApiId);
    }

    [Fact]
    public async Task Gateway_EachRoutedRequest_WritesMethodTargetStatusAndDurationUnderTheFunctionName()
    {
        await using var test = await TestCloud.StartAsync(
            Create("ok", "echo", Http("GET", "/hello")),
            Create("fail", "throw", Http("GET", "/fail")));

        using var ok = await test.Client.GetAsync("/hello?name=ada");
        using var failed = await test.Client.GetAsync("/fail");

        // The line is written once the answer is sent, so the client can read the answer first: wait for it.
        const string OkLine = @"^\[ok\] GET /hello\?name=ada -> 200 \(\d+\.\d\d ms\)$";
        const string FailLine = @"^\[fail\] GET /fail -> 500 \(\d+\.\d\d ms\)$";
        await test.Output.WaitForShownLineAsync(line => Regex.IsMatch(line, FailLine));
        await test.Output.WaitForShownLineAsync(line => Regex.IsMatch(line, OkLine));
        Assert.Single(test.Output.Lines, line => Regex.IsMatch(line, OkLine));
        Assert.Single(test.Output.Lines, line => Regex.IsMatch(line, FailLine));
    }

    [Fact]
    public async Task Gateway_ControlCharactersEncodedInThePath_StayEncodedInTheOneRequestLine()
    {
        await using var test = await TestCloud.StartAsync(Create("ok", "echo", Http("GET", "/users/{id}")));

        using var response = await test.Client.GetAsync("/users/a%0Ab%0D%1Bc?q=%0A1");

        // Decoded, %0A would split the line and %1B would reach the terminal as an escape sequence.
        const string Line = @"^\[ok\] GET /users/a%0Ab%0D%1Bc\?q=%0A1 -> 200 \(\d+\.\d\d ms\)$";
        await test.Output.WaitForShownLineAsync(line => Regex.IsMatch(line, Line));
        Assert.Single(test.Output.Lines, line => line.Contains("/users/", StringComparison.Ordinal));
        Assert.DoesNotContain(test.Output.Lines, line => line.Any(char.IsControl));
    }

    [Fact]
    public async Task HttpApi_FunctionThrows_Answers500InternalServerError()
    {
        await using var test = await TestCloud.StartAsync(Create("fail", "throw", Http("GET", "/fail")));

        using var response = await test.Client.GetAsync("/fail");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("apigw-requestid"));
        Assert.Contains(test.Logs.Entries, entry => entry.EventId == 2102);
    }

    [Fact]
    public async Task HttpApi_FunctionCrashes_Answers500InternalServerError()
    {
        await using var test = await TestCloud.StartAsync(Create("crash", "crash", Http("GET", "/crash")));

        using var response = await test.Client.GetAsync("/crash");

        Assert.Equal(500, (int)response.StatusCode);
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2102);
        Assert.Contains("Runtime.ExitError", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpApi_RequestId_IsApiGatewaysBase64IdInTheEventAndTheApigwRequestIdHeader()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Http("GET", "/items")));

        using var response = await test.Client.GetAsync("/items");

        var context = Json.Parse(await response.Content.ReadAsStringAsync())["requestContext"]!;
        var requestId = context["requestId"]!.GetValue<string>();
        Assert.Equal(requestId, response.Headers.GetValues("apigw-requestid").Single());
        Assert.Matches("^[A-Za-z0-9+/]{15}=$", requestId);
    }

    [Fact]
    public async Task HttpApi_UnknownRoute_Answers404NotFound()
    {
        await using var test = await TestCloud.StartAsync(Create("ok", "echo", Http("GET", "/hello")));

        using var response = await test.Client.GetAsync("/goodbye");

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("""{"message":"Not Found"}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("apigw-requestid"));
    }

    [Fact]
    public async Task HttpApi_FunctionRunsPast30Seconds_Answers503ServiceUnavailable()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var slow = Create("slow", "sleep", Http("GET", "/slow")) with { Timeout = TimeSpan.FromMinutes(5) };
        await using var test = await TestCloud.StartAsync([slow], options => options with { TimeProvider = clock });
        var pending = test.Client.GetAsync("/slow");
        await test.Output.WaitForLineAsync(line => line.StartsWith("sleep:", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromSeconds(30));
        using var response = await pending;

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("""{"message":"Service Unavailable"}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("apigw-requestid"));
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2104);
        Assert.Contains("within the 30 s integration timeout", logged.Message, StringComparison.Ordinal);
    }

    // AWS's documentation is silent; an HTTP API event captured from CloudWatch has "a b" for 'a+b' and "a+b" for
    // 'a%2Bb' (hotsock/voker, vokerhttp/testdata/apigwv2-request.json).
    [Fact]
    public async Task HttpApi_PlusInQueryString_IsASpaceAsInAnEventCapturedFromAws()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo", Http("GET", "/items")));

        using var response = await test.Client.GetAsync("/items?sort=-+createdAt&plus=a%2Bb&space=a%20b");

        var received = (await Json.ReadAsync(response))["event"]!;
        Assert.Equal("sort=-+createdAt&plus=a%2Bb&space=a%20b", received["rawQueryString"]!.GetValue<string>());
        Assert.Equal("- createdAt", received["queryStringParameters"]!["sort"]!.GetValue<string>());
        Assert.Equal("a+b", received["queryStringParameters"]!["plus"]!.GetValue<string>());
        Assert.Equal("a b", received["queryStringParameters"]!["space"]!.GetValue<string>());
    }

    // The ';' splitting in API Gateway's important notes is listed for REST APIs only.
    [Fact]
    public async Task HttpApi_SemicolonInQueryString_StaysInsideTheValue()
    {
        await using var test = await TestCloud.StartAsync(
            Create("echo", "echo", Http("GET", "/items")),
            Create("v1", "http-ok", Http("GET", "/v1", payloadVersion: "1.0")));

        using var v2 = await test.Client.GetAsync("/items?a=1;b=2");
        using var v1 = await test.Client.GetAsync("/v1?a=1;b=2");

        var received = (await Json.ReadAsync(v2))["event"]!;
        Assert.Equal("""{"a":"1;b=2"}""", received["queryStringParameters"]!.ToJsonString());
        var receivedV1 = await Json.ReadAsync(v1);
        Assert.Equal("""{"a":"1;b=2"}""", receivedV1["queryStringParameters"]!.ToJsonString());
    }

    [Fact]
    public async Task ForwardedHeaders_SentByTheClient_GetTheCallerAppendedAndTheGatewaysPortAndScheme()
    {
        // API Gateway appends the caller to X-Forwarded-For; a client-sent value is never the whole header.
        var hello = Create("hello", "http-ok", Http("GET", "/hello"), Rest("GET", "/hello"));
        await using var test = await TestCloud.StartAsync(hello);

        var (_, _, httpApiBody) = await RawHttp.SendAsync(
            test.Cloud.BaseAddress,
            "GET",
            "/hello",
            "X-Forwarded-For: 203.0.113.7",
            "X-Forwarded-Proto: https",
            "x-forwarded-port: 443");
        var (_, _, restBody) = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/dev/hello");

        var httpApi = Json.Parse(httpApiBody);
        Assert.Equal("203.0.113.7, 127.0.0.1", httpApi["headers"]!["x-forwarded-for"]!.GetValue<string>());
        Assert.Equal("http", httpApi["headers"]!["x-forwarded-proto"]!.GetValue<string>());
        var port = test.Cloud.BaseAddress.Port.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(port, httpApi["headers"]!["x-forwarded-port"]!.GetValue<string>());
        var rest = Json.Parse(restBody);
        Assert.Equal("127.0.0.1", rest["headers"]!["X-Forwarded-For"]!.GetValue<string>());
        var multi = rest["multiValueHeaders"]!["X-Forwarded-For"]!.AsArray();
        Assert.Equal("127.0.0.1", Assert.Single(multi)!.GetValue<string>());
    }

    [Fact]
    public async Task HttpApi_RepeatedHeadersAndCookies_AreLowerCasedJoinedAndSplit()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo", Http("GET", "/hello")));

        var (status, head, body) = await RawHttp.SendAsync(
            test.Cloud.BaseAddress,
            "GET",
            "/hello?tag=a&tag=b&q=x%20y",
            "X-Trace-Tag: abc",
            "X-Tag: one",
            "X-Tag: two",
            "Cookie: session=1; theme=dark",
            "X-Name: Jürgen");

        Assert.Equal(200, status);
        Assert.Contains("Content-Type: application/json", head, StringComparison.OrdinalIgnoreCase);
        var received = Json.Parse(body)["event"]!;
        Assert.Equal("abc", received["headers"]!["x-trace-tag"]!.GetValue<string>());
        Assert.Equal("one,two", received["headers"]!["x-tag"]!.GetValue<string>());
        Assert.Equal("Jürgen", received["headers"]!["x-name"]!.GetValue<string>());
        Assert.Null(received["headers"]!["cookie"]);
        Assert.Equal("""["session=1","theme=dark"]""", received["cookies"]!.ToJsonString());
        Assert.Equal("a,b", received["queryStringParameters"]!["tag"]!.GetValue<string>());
        Assert.Equal("x y", received["queryStringParameters"]!["q"]!.GetValue<string>());
        Assert.Equal("tag=a&tag=b&q=x%20y", received["rawQueryString"]!.GetValue<string>());
        Assert.Equal("GET /hello", received["routeKey"]!.GetValue<string>());
        Assert.Equal("2.0", received["version"]!.GetValue<string>());
        Assert.Equal("$default", received["requestContext"]!["stage"]!.GetValue<string>());
        Assert.Equal("GET", received["requestContext"]!["http"]!["method"]!.GetValue<string>());
    }

    [Fact]
    public async Task HttpApi_BinaryResponse_DecodesBase64Body()
    {
        await using var test = await TestCloud.StartAsync(Create("bytes", "binary", Http("GET", "/bytes")));

        using var response = await test.Client.GetAsync("/bytes");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0, 1, 2, 3], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HttpApi_TextAndBinaryRequestBodies_AreTextAndBase64()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo", Http("POST", "/upload")));

        using var json = await test.Client.PostAsync(
            "/upload", new StringContent("""{"a":1}""", System.Text.Encoding.UTF8, "application/json"));
        using var bytes = await test.Client.PostAsync("/upload", new ByteArrayContent([1, 2, 3]));

        var textEvent = (await Json.ReadAsync(json))["event"]!;
        var binaryEvent = (await Json.ReadAsync(bytes))["event"]!;
        Assert.Equal("""{"a":1}""", textEvent["body"]!.GetValue<string>());
        Assert.False(textEvent["isBase64Encoded"]!.GetValue<bool>());
        Assert.Equal("AQID", binaryEvent["body"]!.GetValue<string>());
        Assert.True(binaryEvent["isBase64Encoded"]!.GetValue<bool>());
    }

    // AWS documents no list of text types; measured on AWS (ministackorg/ministack#766): text only for text/*,
    // application/json, application/xml and application/javascript, base64 for every other type.
    [Theory]
    [InlineData("text/csv; charset=utf-8", false)]
    [InlineData("application/JSON", false)]
    [InlineData("application/javascript", false)]
    [InlineData("application/xml", false)]
    [InlineData("application/vnd.api+json", true)]
    [InlineData("application/problem+xml", true)]
    [InlineData("application/x-www-form-urlencoded", true)]
    public async Task HttpApi_RequestBodyByContentType_IsTextOnlyForTheTypesMeasuredOnAws(
        string contentType,
        bool base64)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo", Http("POST", "/upload")));
        using var content = new StringContent("a=1");
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await test.Client.PostAsync("/upload", content);

        var received = (await Json.ReadAsync(response))["event"]!;
        Assert.Equal(base64, received["isBase64Encoded"]!.GetValue<bool>());
        Assert.Equal(base64 ? "YT0x" : "a=1", received["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task HttpApi_DefaultAndParameterRoutes_PickMostSpecificRoute()
    {
        var fallback = Create("fallback", "echo", Http("ANY", "$default"));
        var user = Create("user", "echo", Http("GET", "/users/{id}"));
        var me = Create("me", "echo", Http("GET", "/users/me"));
        await using var test = await TestCloud.StartAsync(fallback, user, me);

        var meEvent = Json.Parse(await test.Client.GetStringAsync("/users/me"));
        var userEvent = Json.Parse(await test.Client.GetStringAsync("/users/J%C3%BCrgen"));
        var otherEvent = Json.Parse(await test.Client.GetStringAsync("/anything/else"));

        Assert.Equal("svc-dev-me", meEvent["environment"]!["AWS_LAMBDA_FUNCTION_NAME"]!.GetValue<string>());
        Assert.Equal("GET /users/{id}", userEvent["event"]!["routeKey"]!.GetValue<string>());
        Assert.Equal("Jürgen", userEvent["event"]!["pathParameters"]!["id"]!.GetValue<string>());
        Assert.Equal("$default", otherEvent["event"]!["routeKey"]!.GetValue<string>());
        Assert.Null(otherEvent["event"]!["pathParameters"]);
    }

    // http-api-develop-routes.html, "Routing API requests": a full match for the route and method comes before a
    // match with a greedy path variable, even when the greedy route has the longer literal prefix.
    [Fact]
    public async Task HttpApi_FullMatchAndGreedyMatchWithLongerPrefix_FullMatchWins()
    {
        var greedy = Create("greedy", "echo", Http("GET", "/p/things/x/{proxy+}"));
        var pair = Create("pair", "echo", Http("GET", "/p/things/{a}/{b}"));
        await using var test = await TestCloud.StartAsync(greedy, pair);

        var full = Json.Parse(await test.Client.GetStringAsync("/p/things/x/y"))["event"]!;
        var deeper = Json.Parse(await test.Client.GetStringAsync("/p/things/x/y/z"))["event"]!;

        Assert.Equal("GET /p/things/{a}/{b}", full["routeKey"]!.GetValue<string>());
        Assert.Equal("x", full["pathParameters"]!["a"]!.GetValue<string>());
        Assert.Equal("GET /p/things/x/{proxy+}", deeper["routeKey"]!.GetValue<string>());
        Assert.Equal("y/z", deeper["pathParameters"]!["proxy"]!.GetValue<string>());
    }

    // An HTTP API decodes the path, then routes on it: rawPath and pathParameters arrive decoded (AWS's Lambda test
    // tool, aws/aws-lambda-dotnet#1901), and an encoded slash splits segments as a plain one does, so a%2Fb can never
    // be one {id}. A REST API keeps a%2Fb as one segment (RestApiTests).
    [Fact]
    public async Task HttpApi_EncodedSlashInPath_RoutesOnTheDecodedPathTheFunctionGets()
    {
        var one = Create("one", "echo", Http("GET", "/h/{id}"));
        var two = Create("two", "echo", Http("GET", "/h/{a}/{b}"));
        await using var test = await TestCloud.StartAsync(one, two);

        var (_, _, slashBody) = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/h/x%2Fy");
        var (_, _, spaceBody) = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/h/x%20y");
        var (missStatus, _, _) = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/h/x%2Fy%2Fz");

        var slash = Json.Parse(slashBody)["event"]!;
        Assert.Equal("GET /h/{a}/{b}", slash["routeKey"]!.GetValue<string>());
        Assert.Equal("/h/x/y", slash["rawPath"]!.GetValue<string>());
        Assert.Equal(("x", "y"), (slash["pathParameters"]!["a"]!.GetValue<string>(),
            slash["pathParameters"]!["b"]!.GetValue<string>()));
        var space = Json.Parse(spaceBody)["event"]!;
        Assert.Equal("x y", space["pathParameters"]!["id"]!.GetValue<string>());
        Assert.Equal(404, missStatus);
    }

    // Paths sent to an HTTP API and the rawPath AWS delivered (hotsock/voker, vokerhttp/testdata/ingress-paths.json):
    // decoded twice, cut at a '?' the first decoding made, and refused with 400 when a '%' is left unreadable.
    [Theory]
    [InlineData("/h/literal%252Fvalue", "/h/literal/value")]
    [InlineData("/h/literal%253Fvalue", "/h/literal?value")]
    [InlineData("/h/literal%2525value", "/h/literal%value")]
    [InlineData("/h/question%3Fvalue", "/h/question")]
    [InlineData("/h/hash%23value", "/h/hash#value")]
    [InlineData("/h/unicode-%CE%BB", "/h/unicode-λ")]
    public async Task HttpApi_PathDecoding_MatchesThePathsCapturedFromAws(string sent, string rawPath)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo", Http("GET", "/h/{proxy+}")));

        var (status, _, body) = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", sent);

        Assert.Equal(200, status);
        Assert.Equal(rawPath, Json.Parse(body)["event"]!["rawPath"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/h/percent%25done")]
    [InlineData("/h/100%")]
    public async Task HttpApi_PathWithAPercentLeftAfterDecoding_Answers400AsCapturedFromAws(string sent)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo", Http("GET", "/h/{proxy+}")));

        var (status, _, body) = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", sent);

        Assert.Equal(400, status);
        Assert.Equal("""{"message":"Bad Request"}""", body);
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
        Assert.Contains(test.Logs.Entries, entry => entry.EventId == 2112);
    }

    // RFC 9110 section 9.3.2: HEAD answers as GET would, without the content; Content-Length may say its size.
    [Fact]
    public async Task HttpApi_HeadRequest_AnswersTheGetsHeadersWithItsContentLengthAndNoBody()
    {
        await using var test = await TestCloud.StartAsync(Create("bin", "binary", Http("ANY", "/h")));

        using var get = await test.Client.GetAsync("/h");
        using var head = await test.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/h"));

        var getBody = await get.Content.ReadAsByteArrayAsync();
        Assert.Equal(200, (int)head.StatusCode);
        Assert.Equal(getBody.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HttpApi_BareJsonResult_Answers200WithThatJson()
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid", Http("GET", "/pid")));

        using var response = await test.Client.GetAsync("/pid");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True((await Json.ReadAsync(response))["pid"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task HttpApi_PayloadVersion1_GetsRestShapedEvent()
    {
        var v1 = Create("v1", "http-ok", Http("GET", "/v1", payloadVersion: "1.0"));
        await using var test = await TestCloud.StartAsync(v1);

        var received = Json.Parse(await test.Client.GetStringAsync("/v1?x=1"));

        Assert.Equal("1.0", received["version"]!.GetValue<string>());
        Assert.Equal("GET", received["httpMethod"]!.GetValue<string>());
        Assert.Equal("/v1", received["path"]!.GetValue<string>());
        Assert.Equal("1", received["queryStringParameters"]!["x"]!.GetValue<string>());
        Assert.Equal("$default", received["requestContext"]!["stage"]!.GetValue<string>());
    }

    // AWS's payload 1.0 example for HTTP APIs ("Create AWS Lambda proxy integrations for HTTP APIs"): the single-value
    // map keeps a repeated query key's first value ("parameter1": "value1" beside ["value1", "value2"]), where a REST
    // API keeps the last; a repeated header keeps its last value ("header2": "value2") in both.
    [Fact]
    public async Task HttpApi_PayloadVersion1RepeatedKeys_FirstQueryValueAndLastHeaderValueAsAwsDocumentsIt()
    {
        var v1 = Create("v1", "http-ok", Http("GET", "/v1", payloadVersion: "1.0"));
        await using var test = await TestCloud.StartAsync(v1);

        var (_, _, body) = await RawHttp.SendAsync(
            test.Cloud.BaseAddress, "GET", "/v1?p=value1&p=value2", "X-Tag: one", "X-Tag: two");
        var received = Json.Parse(body);

        Assert.Equal("value1", received["queryStringParameters"]!["p"]!.GetValue<string>());
        Assert.Equal(
            ["value1", "value2"],
            received["multiValueQueryStringParameters"]!["p"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("two", received["headers"]!["x-tag"]!.GetValue<string>());
    }

    // The HTTP API decodes its query once for both payload formats; the capture of HttpApi_PlusInQueryString holds.
    [Fact]
    public async Task HttpApi_PayloadVersion1PlusInQueryString_IsASpaceAsInPayload2()
    {
        var v1 = Create("v1", "http-ok", Http("GET", "/v1", payloadVersion: "1.0"));
        await using var test = await TestCloud.StartAsync(v1);

        var (_, _, body) = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/v1?q=a+b&p=c%2Bd");
        var received = Json.Parse(body);

        Assert.Equal("a b", received["queryStringParameters"]!["q"]!.GetValue<string>());
        Assert.Equal("c+d", received["multiValueQueryStringParameters"]!["p"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("2.0", 100)]
    [InlineData("2.0", 101)]
    [InlineData("1.0", 100)]
    public async Task HttpApi_InformationalStatusCode_Answers500AndLogsWhy(string payloadVersion, int statusCode)
    {
        var reply = Create("reply", "reply", Http("POST", "/reply", payloadVersion));
        await using var test = await TestCloud.StartAsync(reply);
        var answer = $$"""{"statusCode":{{statusCode}},"body":"hello"}""";

        using var response = await test.Client.PostAsync("/reply", new StringContent(answer));

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2103);
        Assert.Contains($"statusCode {statusCode} is informational (1xx)", logged.Message, StringComparison.Ordinal);
    }

    // Unlike a REST API, an HTTP API does not rename the headers API Gateway reserves (RestApiTests).
    [Fact]
    public async Task HttpApi_WwwAuthenticateAndServerInAnswer_PassThroughUnrenamed()
    {
        await using var test = await TestCloud.StartAsync(Create("reply", "reply", Http("POST", "/reply")));
        var answer = """{"statusCode":401,"headers":{"WWW-Authenticate":"Bearer","Server":"fn"},"body":"no"}""";

        using var response = await test.Client.PostAsync("/reply", new StringContent(answer));

        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.False(response.Headers.Contains("x-amzn-Remapped-WWW-Authenticate"));
    }

    [Fact]
    public async Task HttpApi_ContentTypeNamedTwiceInOtherCasing_IsSentOnce()
    {
        await using var test = await TestCloud.StartAsync(Create("reply", "reply", Http("POST", "/reply")));
        var answer = """
            {"statusCode":200,"headers":{"content-type":"text/html","Content-Type":"text/plain"},"body":"<p>"}
            """;

        using var response = await test.Client.PostAsync("/reply", new StringContent(answer));

        Assert.Equal("text/html", Assert.Single(response.Content.Headers.GetValues("Content-Type")));
    }

    // AWS documents application/json only for answers it infers (no statusCode). A structured answer without
    // Content-Type gets text/plain; charset=utf-8, payload 1.0 and 2.0 alike, as AWS's LambdaTestTool-v2 gives it
    // (ApiGatewayResponseExtensions, aws/aws-lambda-dotnet) and fujiwara/ridge#9 reports; a Content-Type of JSON
    // null keeps the gateway from adding one (aws/aws-sam-cli#1218).
    [Theory]
    [InlineData("2.0", """{"statusCode":200,"body":"x"}""", "text/plain; charset=utf-8")]
    [InlineData("1.0", """{"statusCode":200,"body":"x"}""", "text/plain; charset=utf-8")]
    [InlineData("2.0", """{"statusCode":200,"headers":{"Content-Type":null},"body":"x"}""", null)]
    [InlineData("1.0", """{"statusCode":200,"multiValueHeaders":{"content-type":[null]},"body":"x"}""", null)]
    public async Task HttpApi_StructuredAnswerWithoutContentTypeOrWithNull_GetsTextPlainOrNone(
        string payloadVersion,
        string answer,
        string? expected)
    {
        var reply = Create("reply", "reply", Http("POST", "/reply", payloadVersion));
        await using var test = await TestCloud.StartAsync(reply);

        using var response = await test.Client.PostAsync("/reply", new StringContent(answer));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.ToString());
    }

    // Payload 1.0 answers have REST's shape; the merge rule is stated on the REST page and applied here too.
    [Fact]
    public async Task HttpApi_PayloadVersion1Answer_MergesHeadersAndMultiValueHeaders()
    {
        var reply = Create("reply", "reply", Http("POST", "/reply", payloadVersion: "1.0"));
        await using var test = await TestCloud.StartAsync(reply);
        var answer = """{"statusCode":200,"headers":{"X-A":"h1"},"multiValueHeaders":{"X-A":["m1","m2"]}}""";

        using var response = await test.Client.PostAsync("/reply", new StringContent(answer));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["m1", "m2", "h1"], response.Headers.GetValues("X-A"));
    }

    [Fact]
    public async Task HttpApi_MalformedV1Answer_Answers500()
    {
        var odd = Create("odd", "malformed", Http("GET", "/odd", payloadVersion: "1.0"));
        await using var test = await TestCloud.StartAsync(odd);

        using var response = await test.Client.GetAsync("/odd");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Routes_ServedRoutes_AreDescribedWithFullUrls()
    {
        await using var test = await TestCloud.StartAsync(
            Create("user", "echo", Http("GET", "/users/{id}"), Rest("POST", "/users")),
            Create("fallback", "echo", Http("*", "$default")));

        var routes = test.Cloud.Routes;

        var root = test.Cloud.BaseAddress.ToString().TrimEnd('/');
        Assert.Equal(
            [
                new RouteDescription("GET", root + "/users/{id}", "user", ApiKind.HttpApi) { Path = "/users/{id}" },
                new RouteDescription("POST", root + "/dev/users", "user", ApiKind.RestApi) { Path = "/users" },
                new RouteDescription("$default", root + "/*", "fallback", ApiKind.HttpApi) { Path = "$default" },
            ],
            routes);
        Assert.Equal("127.0.0.1", test.Cloud.BaseAddress.Host);
    }
}
