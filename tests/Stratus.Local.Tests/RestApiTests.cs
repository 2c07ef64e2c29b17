using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>The REST API (v1 proxy) face of API Gateway, served under /{stage}.</summary>
public sealed class RestApiTests
{
    [Fact]
    public async Task RestApi_FunctionThrows_Answers502InternalServerError()
    {
        await using var test = await TestCloud.StartAsync(Create("fail", "throw", Rest("GET", "/fail")));

        using var response = await test.Client.GetAsync("/dev/fail");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("""{"message": "Internal server error"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("InternalServerErrorException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2102);
        Assert.Contains("fail", logged.Message, StringComparison.Ordinal);
        // A handler's error is named by the errorType it posted, not by Lambda's Error Type (Runtime.Unknown for a
        // .NET exception name), which no REPORT line of a handler's error carries.
        Assert.Contains("InvalidOperationException: Something went wrong", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Runtime.Unknown", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestApi_FunctionRunsPast29Seconds_Answers504EndpointRequestTimedOut()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var slow = Create("slow", "sleep", Rest("GET", "/slow")) with { Timeout = TimeSpan.FromMinutes(5) };
        await using var test = await TestCloud.StartAsync([slow], options => options with { TimeProvider = clock });
        var pending = test.Client.GetAsync("/dev/slow");
        await test.Output.WaitForLineAsync(line => line.StartsWith("sleep:", StringComparison.Ordinal));

        // API Gateway stops waiting at 29 s, long before the function's own 5-minute timeout.
        clock.Advance(TimeSpan.FromSeconds(29));
        using var response = await pending;

        Assert.Equal(504, (int)response.StatusCode);
        Assert.Equal("""{"message": "Endpoint request timed out"}""", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2104);
        Assert.Contains("within the 29 s integration timeout", logged.Message, StringComparison.Ordinal);
        Assert.Single(test.Cloud.GetProcessIds("slow"));
    }

    [Fact]
    public async Task RestApi_ExtendedRequestId_IsItsOwnIdSentAsApigwIdBesideTheRequestId()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Rest("GET", "/items")));

        using var response = await test.Client.GetAsync("/dev/items");

        var context = Json.Parse(await response.Content.ReadAsStringAsync())["requestContext"]!;
        var requestId = context["requestId"]!.GetValue<string>();
        var extendedRequestId = context["extendedRequestId"]!.GetValue<string>();
        Assert.Equal(requestId, response.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.Equal(extendedRequestId, response.Headers.GetValues("x-amz-apigw-id").Single());
        Assert.Matches("^[A-Za-z0-9+/]{15}=$", extendedRequestId);
        Assert.NotEqual(requestId, extendedRequestId);
    }

    // "$context.requestId: An ID for the request. Clients can override this request ID." ("API Gateway mapping
    // template and access logging variable reference"); the extended id stays API Gateway's.
    [Fact]
    public async Task RestApi_ClientSentAmznRequestId_BecomesTheRequestIdButNotTheExtendedId()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Rest("GET", "/items")));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dev/items");
        request.Headers.Add("x-amzn-RequestId", "client-chosen-id-1");

        using var response = await test.Client.SendAsync(request);

        var context = Json.Parse(await response.Content.ReadAsStringAsync())["requestContext"]!;
        Assert.Equal("client-chosen-id-1", context["requestId"]!.GetValue<string>());
        Assert.Equal("client-chosen-id-1", response.Headers.GetValues("x-amzn-RequestId").Single());
        Assert.NotEqual("client-chosen-id-1", context["extendedRequestId"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestApi_UnknownRoute_Answers403MissingAuthenticationToken()
    {
        await using var test = await TestCloud.StartAsync(Create("ok", "http-ok", Rest("GET", "/items")));

        using var wrongPath = await test.Client.GetAsync("/dev/nothing-here");
        using var wrongMethod = await test.Client.DeleteAsync("/dev/items");

        Assert.Equal(403, (int)wrongPath.StatusCode);
        Assert.Equal("""{"message":"Missing Authentication Token"}""", await wrongPath.Content.ReadAsStringAsync());
        Assert.Equal("MissingAuthenticationTokenException", wrongPath.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(403, (int)wrongMethod.StatusCode);
        Assert.Contains(test.Logs.Entries, entry => entry.EventId == 2101);
    }

    [Fact]
    public async Task RestApi_PlusInQueryString_IsDecodedAsSpaceAsInAwsCdkIssue19827()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Rest("GET", "/items")));

        using var response = await test.Client.GetAsync("/dev/items?sort=-+createdAt&plus=a%2Bb");

        var received = Json.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("- createdAt", received["queryStringParameters"]!["sort"]!.GetValue<string>());
        Assert.Equal("a+b", received["queryStringParameters"]!["plus"]!.GetValue<string>());
        Assert.Equal("- createdAt", received["multiValueQueryStringParameters"]!["sort"]![0]!.GetValue<string>());
    }

    // REST APIs' important notes: an unencoded ';' in a query string "results in the data being split"
    // (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html#api-gateway-known-issues-rest-apis).
    // The note does not say into what; the emulator reads ';' as a parameter separator, so this test also pins
    // that reading of an ambiguous sentence.
    [Fact]
    public async Task RestApi_UnencodedSemicolonInQueryString_SplitsParametersAsAmbiguouslyDocumented()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Rest("GET", "/items/{id}")));

        using var response = await test.Client.GetAsync("/dev/items/1?a=1;b=2;a=3&c=x%3By");

        var received = Json.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            """{"a":"3","b":"2","c":"x;y"}""",
            received["queryStringParameters"]!.ToJsonString(Relaxed));
        Assert.Equal(
            """{"a":["1","3"],"b":["2"],"c":["x;y"]}""",
            received["multiValueQueryStringParameters"]!.ToJsonString(Relaxed));
    }

    // A REST API routes on the path as sent: an encoded slash stays inside its segment, and the path and the path
    // parameter reach the function still encoded. An HTTP API routes on the decoded path (HttpApiTests).
    [Fact]
    public async Task RestApi_EncodedSlashInPath_StaysOneSegmentAndArrivesEncoded()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Rest("GET", "/items/{id}")));

        var (status, _, body) = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/dev/items/x%2Fy");

        Assert.Equal(200, status);
        var received = Json.Parse(body);
        Assert.Equal("/items/x%2Fy", received["path"]!.GetValue<string>());
        Assert.Equal("x%2Fy", received["pathParameters"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestApi_QueryString_MapsSingleAndMultiValueParameters()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Rest("GET", "/items")));

        using var withQuery = await test.Client.GetAsync("/dev/items?color=red&color=blue&name=J%C3%BCrgen");
        using var withoutQuery = await test.Client.GetAsync("/dev/items");

        var queried = Json.Parse(await withQuery.Content.ReadAsStringAsync());
        Assert.Equal("""{"color":"blue","name":"Jürgen"}""", queried["queryStringParameters"]!.ToJsonString(Relaxed));
        Assert.Equal(
            """{"color":["red","blue"],"name":["Jürgen"]}""",
            queried["multiValueQueryStringParameters"]!.ToJsonString(Relaxed));
        Assert.Equal("/items", queried["path"]!.GetValue<string>());
        Assert.Equal("/items", queried["resource"]!.GetValue<string>());
        Assert.Equal("/dev/items", queried["requestContext"]!["path"]!.GetValue<string>());
        Assert.Equal("dev", queried["requestContext"]!["stage"]!.GetValue<string>());
        Assert.Equal(TestCloud.AccountId, queried["requestContext"]!["accountId"]!.GetValue<string>());
        var plain = Json.Parse(await withoutQuery.Content.ReadAsStringAsync()).AsObject();
        Assert.Null(plain["queryStringParameters"]);
        Assert.Null(plain["multiValueQueryStringParameters"]);
        Assert.True(plain.ContainsKey("queryStringParameters"));
        Assert.Null(plain["pathParameters"]);
        Assert.Null(plain["body"]);
    }

    [Fact]
    public async Task RestApi_RepeatedAndOddlyCasedHeaders_KeepCasingAndAllValues()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Rest("GET", "/items")));

        var (status, _, body) = await RawHttp.SendAsync(
            test.Cloud.BaseAddress, "GET", "/dev/items", "x-CuStOm-Tag: v1", "X-Multi: a", "X-Multi: b");

        Assert.Equal(200, status);
        var received = Json.Parse(body);
        Assert.Equal("v1", received["headers"]!["x-CuStOm-Tag"]!.GetValue<string>());
        Assert.Equal("b", received["headers"]!["X-Multi"]!.GetValue<string>());
        Assert.Equal("""["a","b"]""", received["multiValueHeaders"]!["X-Multi"]!.ToJsonString());
    }

    [Fact]
    public async Task RestApi_WellKnownHeadersInAnyCasing_ReachTheFunctionAsSent()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Rest("GET", "/items")));

        // Kestrel itself recases the names it knows ('content-type' reads 'Content-Type'); AWS does not.
        var (status, _, body) = await RawHttp.SendAsync(
            test.Cloud.BaseAddress,
            "GET",
            "/dev/items",
            "content-type: text/plain",
            "accept: */*",
            "USER-AGENT: probe");

        Assert.Equal(200, status);
        var headers = Json.Parse(body)["headers"]!.AsObject();
        Assert.Equal("text/plain", headers["content-type"]!.GetValue<string>());
        Assert.Equal("*/*", headers["accept"]!.GetValue<string>());
        Assert.Equal("probe", headers["USER-AGENT"]!.GetValue<string>());
        Assert.False(headers.ContainsKey("Content-Type"));
        Assert.False(headers.ContainsKey("User-Agent"));
        var multi = Json.Parse(body)["multiValueHeaders"]!.AsObject();
        Assert.Equal("""["text/plain"]""", multi["content-type"]!.ToJsonString());
    }

    [Fact]
    public async Task RestApi_PipelinedRequestsWithChunkedBody_EachKeepItsOwnHeaderNames()
    {
        await using var test = await TestCloud.StartAsync(Create("items", "http-ok", Rest("ANY", "/items")));
        var port = test.Cloud.BaseAddress.Port;

        var responses = await RawHttp.SendPipelinedAsync(
            test.Cloud.BaseAddress,
            $"POST /dev/items HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ntransfer-encoding: chunked\r\n" +
            "content-type: text/plain\r\n\r\n" +
            "1e\r\nGET /x HTTP/1.1\r\nfake: yes\r\n\r\n\r\n0\r\n\r\n",
            $"GET /dev/items HTTP/1.1\r\nHOST: 127.0.0.1:{port}\r\nCONTENT-TYPE: a/b\r\nconnection: close\r\n\r\n");

        Assert.Equal(2, responses.Count);
        var first = Json.Parse(responses[0].Body);
        var second = Json.Parse(responses[1].Body);
        Assert.Equal("GET /x HTTP/1.1\r\nfake: yes\r\n\r\n", first["body"]!.GetValue<string>());
        Assert.Equal("text/plain", first["headers"]!["content-type"]!.GetValue<string>());
        Assert.Equal("a/b", second["headers"]!["CONTENT-TYPE"]!.GetValue<string>());
        Assert.Equal($"127.0.0.1:{port}", second["headers"]!["HOST"]!.GetValue<string>());
        Assert.False(second["headers"]!.AsObject().ContainsKey("fake"));
    }

    [Fact]
    public async Task RestApi_ProxyAndParameterRoutes_PickMostSpecificRoute()
    {
        var router = Create(
            "files",
            "http-ok",
            Rest("GET", "/files/{proxy+}"),
            Rest("GET", "/files/special"),
            Rest("GET", "/files/{name}"));
        var any = Create("anyThing", "http-ok", Rest("ANY", "/things"));
        var get = Create("getThing", "http-ok", Rest("GET", "/things"));
        await using var test = await TestCloud.StartAsync(router, any, get);

        var special = Json.Parse(await test.Client.GetStringAsync("/dev/files/special"));
        var named = Json.Parse(await test.Client.GetStringAsync("/dev/files/report%20v2.pdf"));
        var deep = Json.Parse(await test.Client.GetStringAsync("/dev/files/a/b/c.txt"));
        using var getThing = await test.Client.GetAsync("/dev/things");
        using var postThing = await test.Client.PostAsync("/dev/things", new StringContent("{}"));

        Assert.Equal("/files/special", special["resource"]!.GetValue<string>());
        Assert.Equal("/files/{name}", named["resource"]!.GetValue<string>());
        Assert.Equal("report%20v2.pdf", named["pathParameters"]!["name"]!.GetValue<string>());
        Assert.Equal("/files/{proxy+}", deep["resource"]!.GetValue<string>());
        Assert.Equal("a/b/c.txt", deep["pathParameters"]!["proxy"]!.GetValue<string>());
        Assert.Equal("svc-dev-getThing", getThing.Headers.GetValues("X-Function-Name").Single());
        Assert.Equal("svc-dev-anyThing", postThing.Headers.GetValues("X-Function-Name").Single());
    }

    // Unlike an HTTP API (HttpApiTests), a REST API walks its resource tree: the literal resource /p/things/x is
    // taken, and {proxy+} under it, before the sibling {a}/{b} is tried.
    [Fact]
    public async Task RestApi_GreedyRouteUnderLiteralResourceAndParameterPair_LiteralBranchWins()
    {
        var greedy = Create("greedy", "http-ok", Rest("GET", "/p/things/x/{proxy+}"));
        var pair = Create("pair", "http-ok", Rest("GET", "/p/things/{a}/{b}"));
        await using var test = await TestCloud.StartAsync(greedy, pair);

        var underLiteral = Json.Parse(await test.Client.GetStringAsync("/dev/p/things/x/y"));
        var elsewhere = Json.Parse(await test.Client.GetStringAsync("/dev/p/things/w/y"));

        Assert.Equal("/p/things/x/{proxy+}", underLiteral["resource"]!.GetValue<string>());
        Assert.Equal("/p/things/{a}/{b}", elsewhere["resource"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestApi_MalformedProxyResponse_Answers502()
    {
        await using var test = await TestCloud.StartAsync(Create("odd", "malformed", Rest("GET", "/odd")));

        using var response = await test.Client.GetAsync("/dev/odd");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("""{"message": "Internal server error"}""", await response.Content.ReadAsStringAsync());
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2103);
        Assert.Contains("statusCode", logged.Message, StringComparison.Ordinal);
    }

    // "If you specify values for both headers and multiValueHeaders, API Gateway merges them into a single list."
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
    [Fact]
    public async Task RestApi_HeadersAndMultiValueHeaders_AreMergedWithSharedPairsOnce()
    {
        await using var test = await TestCloud.StartAsync(Create("reply", "reply", Rest("POST", "/reply")));
        var answer = """
            {"statusCode":200,"headers":{"X-A":"h1","X-B":"m1","X-C":"c"},
             "multiValueHeaders":{"X-A":["m1","m2"],"x-b":["m1","m2"]},"body":"ok"}
            """;

        using var response = await test.Client.PostAsync("/dev/reply", new StringContent(answer));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["m1", "m2", "h1"], response.Headers.GetValues("X-A"));
        Assert.Equal(["m1", "m2"], response.Headers.GetValues("X-B"));
        Assert.Equal(["c"], response.Headers.GetValues("X-C"));
    }

    // API Gateway's REST API notes list headers that "may be remapped to x-amzn-Remapped-HEADER" when sent back
    // by the integration (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html);
    // a proxy answer's WWW-Authenticate, Server and Date arrive renamed, so a 401 challenge seen locally is the
    // one the client sees in AWS. An HTTP API passes them through (HttpApiTests).
    [Fact]
    public async Task RestApi_AnswerHeadersTheGatewayReserves_ArriveRemappedToXAmznRemapped()
    {
        await using var test = await TestCloud.StartAsync(Create("reply", "reply", Rest("POST", "/reply")));
        var answer = """
            {"statusCode":401,"headers":{"WWW-Authenticate":"Basic realm=\"x\"","Server":"fn",
             "Date":"Mon, 01 Jan 2001 00:00:00 GMT","X-Own":"kept"},"body":"no"}
            """;

        using var response = await test.Client.PostAsync("/dev/reply", new StringContent(answer));

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("Basic realm=\"x\"", response.Headers.GetValues("x-amzn-Remapped-WWW-Authenticate").Single());
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.Equal("fn", response.Headers.GetValues("x-amzn-Remapped-Server").Single());
        Assert.Equal("Mon, 01 Jan 2001 00:00:00 GMT", response.Headers.GetValues("x-amzn-Remapped-Date").Single());
        Assert.NotEqual(2001, response.Headers.Date!.Value.Year);
        Assert.Equal("kept", response.Headers.GetValues("X-Own").Single());
    }

    // HTTP carries one Content-Type; AWS does not document a proxy answer that names two. The first is sent, which
    // is multiValueHeaders' when both name it, as multiValueHeaders' values win a merge.
    [Fact]
    public async Task RestApi_ContentTypeInHeadersAndMultiValueHeaders_IsSentOnceAsMultiValueHeadersGiveIt()
    {
        await using var test = await TestCloud.StartAsync(Create("reply", "reply", Rest("POST", "/reply")));
        var answer = """
            {"statusCode":200,"headers":{"Content-Type":"text/plain"},
             "multiValueHeaders":{"content-type":["text/html"]},"body":"<p>"}
            """;

        using var response = await test.Client.PostAsync("/dev/reply", new StringContent(answer));

        Assert.Equal("text/html", Assert.Single(response.Content.Headers.GetValues("Content-Type")));
    }

    // AWS's knowledge-center page on 502 "Malformed Lambda proxy response" (malformed-502-api-gateway) lists the only
    // fields; a 'cookies' key gave that 502 in rails-lambda/lamby#78, nitrojs/nitro#544 and fujiwara/ridge#25.
    [Fact]
    public async Task RestApi_AnswerWithAnotherTopLevelKey_Answers502AndLogsTheKeyAndTheFix()
    {
        await using var test = await TestCloud.StartAsync(Create("reply", "reply", Rest("POST", "/reply")));
        var answer = """{"statusCode":200,"cookies":["a=1"],"body":"hello"}""";

        using var response = await test.Client.PostAsync("/dev/reply", new StringContent(answer));

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("""{"message": "Internal server error"}""", await response.Content.ReadAsStringAsync());
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2103);
        Assert.Contains("the key 'cookies'", logged.Message, StringComparison.Ordinal);
        Assert.Contains("return only statusCode, headers, multiValueHeaders, body and isBase64Encoded",
            logged.Message, StringComparison.Ordinal);
    }

    // A REST API gives a proxy answer without Content-Type application/json (LambdaTestTool-v2's
    // ApiGatewayResponseExtensions, aws/aws-lambda-dotnet); a Content-Type of JSON null keeps it from adding one
    // (aws/aws-sam-cli#1218, which Amazon.Lambda.AspNetCoreServer relies on).
    [Theory]
    [InlineData("""{"statusCode":200,"body":"x"}""", "application/json")]
    [InlineData("""{"statusCode":200,"headers":{"Content-Type":null},"body":"x"}""", null)]
    [InlineData("""{"statusCode":200,"multiValueHeaders":{"Content-Type":[null]},"body":"x"}""", null)]
    public async Task RestApi_AnswerWithoutContentTypeOrWithNull_GetsJsonOrNone(string answer, string? expected)
    {
        await using var test = await TestCloud.StartAsync(Create("reply", "reply", Rest("POST", "/reply")));

        using var response = await test.Client.PostAsync("/dev/reply", new StringContent(answer));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType?.ToString());
    }

    // A 1xx is not a final answer: Kestrel would leave the client waiting (100) or switch protocols (101).
    [Theory]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(199)]
    public async Task RestApi_InformationalStatusCode_Answers502AndLogsWhy(int statusCode)
    {
        await using var test = await TestCloud.StartAsync(Create("reply", "reply", Rest("POST", "/reply")));
        var answer = $$"""{"statusCode":{{statusCode}},"body":"hello"}""";

        using var response = await test.Client.PostAsync("/dev/reply", new StringContent(answer));

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("""{"message": "Internal server error"}""", await response.Content.ReadAsStringAsync());
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2103);
        Assert.Contains($"statusCode {statusCode} is informational (1xx)", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestApi_BinaryMediaType_EncodesRequestAndDecodesAcceptedAnswer()
    {
        var upload = Create("upload", "http-ok", Rest("POST", "/upload"));
        var image = Create("image", "binary", Rest("GET", "/image"));
        await using var test = await TestCloud.StartAsync(
            [upload, image],
            options => options with { BinaryMediaTypes = ["image/*"] });
        using var content = new ByteArrayContent([0x89, 0x50, 0x00, 0xFF]);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var asBytes = new HttpRequestMessage(HttpMethod.Get, "/dev/image");
        asBytes.Headers.Accept.ParseAdd("image/png");

        using var uploaded = await test.Client.PostAsync("/dev/upload", content);
        using var bytes = await test.Client.SendAsync(asBytes);
        using var text = await test.Client.GetAsync("/dev/image");

        var received = Json.Parse(await uploaded.Content.ReadAsStringAsync());
        Assert.True(received["isBase64Encoded"]!.GetValue<bool>());
        Assert.Equal(Convert.ToBase64String([0x89, 0x50, 0x00, 0xFF]), received["body"]!.GetValue<string>());
        Assert.Equal([0, 1, 2, 3], await bytes.Content.ReadAsByteArrayAsync());
        Assert.Equal("AAECAw==", await text.Content.ReadAsStringAsync());
    }

    // "API Gateway uses the first Accept header from clients to determine if a response should return binary
    // media" (api-gateway-payload-encodings.html).
    [Theory]
    [InlineData("image/png", "text/html", true)]
    [InlineData("text/html", "image/png", false)]
    public async Task RestApi_TwoAcceptHeaders_TheFirstDecidesWhetherTheAnswerIsBinary(
        string first,
        string second,
        bool binary)
    {
        await using var test = await TestCloud.StartAsync(
            [Create("image", "binary", Rest("GET", "/image"))],
            options => options with { BinaryMediaTypes = ["image/png"] });

        // Two header lines, as HttpClient would join the values into one.
        var (status, _, body) = await RawHttp.SendAsync(
            test.Cloud.BaseAddress, "GET", "/dev/image", $"Accept: {first}", $"Accept: {second}");

        Assert.Equal(200, status);
        Assert.Equal(binary ? "\u0000\u0001\u0002\u0003" : "AAECAw==", body);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // In AWS the two APIs have hosts of their own: a REST resource without the request's method is the REST API's
    // 403, even where an HTTP API catch-all shares the local port.
    [Fact]
    public async Task RestApi_ResourceWithoutTheRequestsMethod_Answers403RatherThanAnHttpApiCatchAll()
    {
        await using var test = await TestCloud.StartAsync(
            Create("rest", "http-ok", Rest("GET", "/r/{id}")),
            Create("fallback", "http-ok", Http("ANY", "/{proxy+}")));

        using var response = await test.Client.PostAsync("/dev/r/x", new StringContent("{}"));
        var fallbackRanFirst = test.Cloud.GetProcessIds("fallback").Count > 0;
        using var elsewhere = await test.Client.PostAsync("/dev/other", new StringContent("{}"));

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("""{"message":"Missing Authentication Token"}""", await response.Content.ReadAsStringAsync());
        Assert.False(fallbackRanFirst);

        // Where no REST resource matches, the HTTP API's route is still reached on the shared port.
        Assert.Equal(200, (int)elsewhere.StatusCode);
    }

    // API Gateway makes a resource of every segment of a route's path, and every REST API has a root: /any, the
    // parent of /any/{proxy+}, and / are resources without methods, answered 403 by the REST API.
    [Theory]
    [InlineData("/dev/any")]
    [InlineData("/dev/any/")]
    [InlineData("/dev")]
    [InlineData("/dev/")]
    public async Task RestApi_ParentResourceOrRootWithoutMethods_Answers403RatherThanAnHttpApiCatchAll(string path)
    {
        await using var test = await TestCloud.StartAsync(
            Create("rest", "http-ok", Rest("ANY", "/any/{proxy+}")),
            Create("fallback", "http-ok", Http("ANY", "$default")));

        using var response = await test.Client.GetAsync(path);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("""{"message":"Missing Authentication Token"}""", await response.Content.ReadAsStringAsync());
        Assert.Empty(test.Cloud.GetProcessIds("fallback"));
    }
}
