using System.Text;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// API Gateway's own limits on the URL and headers, and the requests it routes no further: AWS's quotas decide,
/// never a web server's defaults (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
/// </summary>
public sealed class RequestLimitTests
{
    private const int HeaderLimit = 10240;

    [Theory]
    [InlineData(RestApiEndpointType.Edge, 8192)]
    [InlineData(RestApiEndpointType.Regional, 10240)]
    [InlineData(RestApiEndpointType.Private, 8192)]
    public async Task RestApi_UrlOfTheEndpointTypesLengthIsServed_OneCharacterMoreAnswers414(
        RestApiEndpointType endpointType,
        int limit)
    {
        await using var test = await TestCloud.StartAsync(
            [Create("ok", "http-ok", Rest("GET", "/items"))],
            options => options with { RestApiEndpointType = endpointType });
        const string Prefix = "/dev/items?q=";
        var atLimit = Prefix + new string('a', limit - Prefix.Length);

        using var served = await test.Client.GetAsync(atLimit);
        using var refused = await test.Client.GetAsync(atLimit + "a");

        Assert.Equal(200, (int)served.StatusCode);
        Assert.Equal(414, (int)refused.StatusCode);
        Assert.Equal("""{"message":"Request-URI Too Long"}""", await refused.Content.ReadAsStringAsync());
        Assert.True(refused.Headers.Contains("x-amzn-RequestId"));
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2108);
        Assert.Contains($"a URL of {limit + 1}", logged.Message, StringComparison.Ordinal);
    }

    // A REST API counts header names, values and line terminators; the limit is in bytes ('é' takes two).
    [Fact]
    public async Task RestApi_HeadersOf10240BytesWithTheirNamesAreServed_OneByteMoreAnswers431()
    {
        await using var test = await TestCloud.StartAsync(Create("ok", "http-ok", Rest("GET", "/items")));
        var host = $"127.0.0.1:{test.Cloud.BaseAddress.Port}";
        var otherLines = $"Host: {host}\r\n".Length + "Connection: close\r\n".Length + "X-Fill: \r\n".Length;
        var fill = Fill(HeaderLimit - otherLines);

        var served = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/dev/items", "X-Fill: " + fill);
        var refused = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/dev/items", "X-Fill: a" + fill);

        Assert.Equal(200, served.Status);
        Assert.Equal(431, refused.Status);
        Assert.Equal("""{"message":"Request Header Fields Too Large"}""", refused.Body);
    }

    [Fact]
    public async Task HttpApi_RequestLineAndHeaderValuesOf10240BytesAreServed_OneByteMoreAnswers431()
    {
        await using var test = await TestCloud.StartAsync(Create("ok", "http-ok", Http("GET", "/hello")));
        var requestLine = "GET /hello HTTP/1.1".Length;
        var fill = Fill(HeaderLimit - requestLine - RawHttpHeaderValueBytes(test));

        var served = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/hello", "X-Fill: " + fill);
        var refused = await RawHttp.SendAsync(test.Cloud.BaseAddress, "GET", "/hello", "X-Fill: a" + fill);

        Assert.Equal(200, served.Status);
        Assert.Equal(431, refused.Status);
        Assert.Equal("""{"message":"Request Header Fields Too Large"}""", refused.Body);
        Assert.Contains("apigw-requestid", refused.Head, StringComparison.OrdinalIgnoreCase);
    }

    // Kestrel's default request line (8 KB) would refuse this one; API Gateway takes it.
    [Fact]
    public async Task HttpApi_UrlOf9000Characters_IsServed()
    {
        await using var test = await TestCloud.StartAsync(Create("ok", "http-ok", Http("GET", "/hello")));

        using var response = await test.Client.GetAsync("/hello?q=" + new string('a', 9000 - "/hello?q=".Length));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task HttpApi_RequestLineOver10240Bytes_Answers414()
    {
        await using var test = await TestCloud.StartAsync(Create("ok", "http-ok", Http("GET", "/hello")));

        using var response = await test.Client.GetAsync("/hello?q=" + new string('a', HeaderLimit));

        Assert.Equal(414, (int)response.StatusCode);
        Assert.Equal("""{"message":"Request-URI Too Long"}""", await response.Content.ReadAsStringAsync());
    }

    // A route's method is one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST and PUT (ANY standing for the
    // others), in both API types' route definitions; no route matches another method.
    [Theory]
    [InlineData("CONNECT")]
    [InlineData("TRACE")]
    [InlineData("PURGE")]
    [InlineData("get")]
    public async Task Gateway_MethodNoRouteCanName_MissesEvenAnAnyRouteWithoutInvoking(string method)
    {
        await using var test = await TestCloud.StartAsync(
            Create("http", "http-ok", Http("ANY", "/any/{proxy+}")),
            Create("rest", "http-ok", Rest("ANY", "/any/{proxy+}")));

        var http = await RawHttp.SendAsync(test.Cloud.BaseAddress, method, "/any/x");
        var rest = await RawHttp.SendAsync(test.Cloud.BaseAddress, method, "/dev/any/x");

        Assert.Equal((404, """{"message":"Not Found"}"""), (http.Status, http.Body));
        Assert.Equal((403, """{"message":"Missing Authentication Token"}"""), (rest.Status, rest.Body));

        // No process started (2010): neither function was invoked.
        Assert.DoesNotContain(test.Logs.Entries, entry => entry.EventId is 2010 or 2106);
    }

    [Theory]
    [InlineData(204)]
    [InlineData(205)]
    [InlineData(304)]
    public async Task Gateway_NoContentStatusWithABody_AnswersTheStatusAndDropsTheBody(int statusCode)
    {
        await using var test = await TestCloud.StartAsync(
            Create("http", "reply", Http("POST", "/reply")),
            Create("rest", "reply", Rest("POST", "/reply")));
        var answer = $$"""{"statusCode":{{statusCode}},"headers":{"X-Kept":"yes"},"body":"dropped"}""";

        using var http = await test.Client.PostAsync("/reply", new StringContent(answer));
        using var rest = await test.Client.PostAsync("/dev/reply", new StringContent(answer));

        foreach (var response in new[] { http, rest })
        {
            Assert.Equal(statusCode, (int)response.StatusCode);
            Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Kept")));
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.DoesNotContain(test.Logs.Entries, entry => entry.EventId == 2106);
    }

    // The values of the Host and Connection: close headers RawHttp sends besides the test's own.
    private static int RawHttpHeaderValueBytes(TestCloud test) =>
        $"127.0.0.1:{test.Cloud.BaseAddress.Port}".Length + "close".Length;

    private static string Fill(int bytes) => new string('é', bytes / 2) + (bytes % 2 == 1 ? "a" : string.Empty);
}
