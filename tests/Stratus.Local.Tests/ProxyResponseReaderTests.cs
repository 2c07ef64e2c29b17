using System.Text;
using Stratus.Local.Internal;

namespace Stratus.Local.Tests;

/// <summary>Mapping a function's proxy answer onto HTTP, without processes or sockets.</summary>
public sealed class ProxyResponseReaderTests
{
    // "API Gateway merges them into a single list. If the same key-value pair is specified in both, only the
    // values from multiValueHeaders will appear in the merged list."
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
    [Fact]
    public void TryReadV1_HeaderInBothMapsWithDifferentValues_KeepsEveryValue()
    {
        var payload = """
            {"statusCode":201,"headers":{"X-A":"single","X-B":"b"},"multiValueHeaders":{"X-A":["m1","m2"]},"body":"hi"}
            """;

        var ok = ProxyResponseReader.TryReadV1(
            Encoding.UTF8.GetBytes(payload), ApiKind.RestApi, decodeBase64: true, out var answer, out _);

        Assert.True(ok);
        Assert.Equal(201, answer!.StatusCode);
        Assert.Equal(["m1", "m2", "single"], answer.Headers.Where(h => h.Key == "X-A").Select(h => h.Value));
        Assert.Equal(["b"], answer.Headers.Where(h => h.Key == "X-B").Select(h => h.Value));
        Assert.Equal("hi", Encoding.UTF8.GetString(answer.Body));
    }

    [Fact]
    public void TryReadV1_SamePairInBothMaps_AppearsOnceFromMultiValueHeaders()
    {
        var payload = """{"statusCode":200,"headers":{"x-a":"m2"},"multiValueHeaders":{"X-A":["m1","m2"]}}""";

        var ok = ProxyResponseReader.TryReadV1(
            Encoding.UTF8.GetBytes(payload), ApiKind.RestApi, decodeBase64: true, out var answer, out _);

        Assert.True(ok);
        Assert.Equal([("X-A", "m1"), ("X-A", "m2")], answer!.Headers.Where(h => h.Key != "Content-Type")
            .Select(h => (h.Key, h.Value)));
    }

    [Fact]
    public void TryReadV2_ResponseNestedPast64Levels_IsReadAsValidJson()
    {
        var payload = new string('[', 500) + new string(']', 500);

        var ok = ProxyResponseReader.TryReadV2(Encoding.UTF8.GetBytes(payload), out var answer, out var problem);

        Assert.True(ok, problem);
        Assert.Equal(payload, Encoding.UTF8.GetString(answer!.Body));
    }

    [Fact]
    public void TryReadV2_BareArray_Becomes200JsonWithThatBody()
    {
        var ok = ProxyResponseReader.TryReadV2("""[1,2,3]"""u8, out var answer, out _);

        Assert.True(ok);
        Assert.Equal(200, answer!.StatusCode);
        Assert.Equal("[1,2,3]", Encoding.UTF8.GetString(answer.Body));
        Assert.Contains(answer.Headers, h => h.Key == "Content-Type" && h.Value == "application/json");
    }

    // AWS's table of inferred answers: the output "Hello from Lambda!" has the body Hello from Lambda!.
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
    [Fact]
    public void TryReadV2_BareString_Becomes200JsonWhoseBodyIsTheStringsText()
    {
        var ok = ProxyResponseReader.TryReadV2("\"Hello from Lambda!\""u8, out var answer, out _);

        Assert.True(ok);
        Assert.Equal(200, answer!.StatusCode);
        Assert.Equal("Hello from Lambda!", Encoding.UTF8.GetString(answer.Body));
        Assert.Contains(answer.Headers, h => h.Key == "Content-Type" && h.Value == "application/json");
    }

    [Fact]
    public void TryReadV2_CookiesAndBase64Body_BecomeSetCookieAndBytes()
    {
        var payload = """{"statusCode":200,"cookies":["a=1","b=2"],"body":"AAE=","isBase64Encoded":true}"""u8;

        var ok = ProxyResponseReader.TryReadV2(payload, out var answer, out _);

        Assert.True(ok);
        Assert.Equal(["a=1", "b=2"], answer!.Headers.Where(h => h.Key == "Set-Cookie").Select(h => h.Value));
        Assert.Equal([0, 1], answer.Body);
    }

    [Theory]
    [InlineData("""{"foo":1}""", "statusCode")]
    [InlineData("""{"statusCode":200,"body":{"a":1}}""", "body")]
    [InlineData("""{"statusCode":99}""", "statusCode")]
    [InlineData("""{"statusCode":100}""", "informational (1xx)")]
    [InlineData("""{"statusCode":"101"}""", "informational (1xx)")]
    [InlineData("""{"statusCode":600}""", "statusCode")]
    [InlineData("""not json""", "not JSON")]
    [InlineData("""{"statusCode":200,"cookies":["a=1"],"body":"x"}""", "key 'cookies'")]
    public void TryReadV1_Malformed_NamesTheProblem(string payload, string problemMentions)
    {
        var ok = ProxyResponseReader.TryReadV1(
            Encoding.UTF8.GetBytes(payload), ApiKind.RestApi, decodeBase64: false, out _, out var problem);

        Assert.False(ok);
        Assert.Contains(problemMentions, problem, StringComparison.Ordinal);
    }

    // The knowledge-center page "Malformed Lambda proxy response" (malformed-502-api-gateway) lists the only fields
    // a REST answer may have; a 'cookies' key gave that 502 in rails-lambda/lamby#78 and nitrojs/nitro#544.
    [Fact]
    public void TryReadV1_RestAnswerWithAnotherTopLevelKey_IsMalformedNamingTheKeyAndTheFix()
    {
        var payload = """{"statusCode":200,"body":"x","data":{"a":1}}"""u8;

        var ok = ProxyResponseReader.TryReadV1(payload, ApiKind.RestApi, decodeBase64: true, out _, out var problem);

        Assert.False(ok);
        Assert.Contains("'data'", problem, StringComparison.Ordinal);
        Assert.Contains("put other data in body", problem, StringComparison.Ordinal);
    }

    // No report shows an HTTP API refusing other keys in a payload 1.0 answer, so they are let through.
    [Fact]
    public void TryReadV1_HttpApiAnswerWithAnotherTopLevelKey_IsRead()
    {
        var payload = """{"statusCode":201,"body":"x","data":1}"""u8;

        var ok = ProxyResponseReader.TryReadV1(payload, ApiKind.HttpApi, decodeBase64: true, out var answer, out _);

        Assert.True(ok);
        Assert.Equal(201, answer!.StatusCode);
    }

    // AWS documents application/json only for answers it infers; AWS's own emulator (LambdaTestTool-v2,
    // ApiGatewayResponseExtensions) gives a structured HTTP API answer text/plain; charset=utf-8, payload 1.0 too,
    // and a REST answer application/json.
    [Theory]
    [InlineData(ApiKind.RestApi, "application/json")]
    [InlineData(ApiKind.HttpApi, "text/plain; charset=utf-8")]
    public void TryReadV1_StructuredAnswerWithoutContentType_GetsTheApisDefault(ApiKind api, string expected)
    {
        var ok = ProxyResponseReader.TryReadV1(
            """{"statusCode":200,"body":"x"}"""u8, api, decodeBase64: true, out var answer, out _);

        Assert.True(ok);
        Assert.Equal([expected], answer!.Headers.Where(h => h.Key == "Content-Type").Select(h => h.Value));
    }

    [Fact]
    public void TryReadV2_StructuredAnswerWithoutContentType_GetsTextPlainUtf8()
    {
        var ok = ProxyResponseReader.TryReadV2("""{"statusCode":200,"body":"x"}"""u8, out var answer, out _);

        Assert.True(ok);
        Assert.Equal(["text/plain; charset=utf-8"], answer!.Headers.Where(h => h.Key == "Content-Type")
            .Select(h => h.Value));
    }

    // aws/aws-sam-cli#1218: a Content-Type of JSON null keeps API Gateway from adding its default (it works so in
    // AWS; Amazon.Lambda.AspNetCoreServer relies on it).
    [Theory]
    [InlineData("""{"statusCode":204,"headers":{"Content-Type":null}}""", ApiKind.RestApi)]
    [InlineData("""{"statusCode":204,"multiValueHeaders":{"content-type":[null]}}""", ApiKind.RestApi)]
    [InlineData("""{"statusCode":204,"headers":{"content-type":null}}""", ApiKind.HttpApi)]
    public void TryReadV1_ContentTypeOfJsonNull_SendsNoContentType(string payload, ApiKind api)
    {
        var ok = ProxyResponseReader.TryReadV1(
            Encoding.UTF8.GetBytes(payload), api, decodeBase64: true, out var answer, out _);

        Assert.True(ok);
        Assert.DoesNotContain(answer!.Headers, h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void TryReadV2_ContentTypeOfJsonNull_SendsNoContentType()
    {
        var payload = """{"statusCode":200,"headers":{"Content-Type":null},"body":"x"}"""u8;

        var ok = ProxyResponseReader.TryReadV2(payload, out var answer, out _);

        Assert.True(ok);
        Assert.DoesNotContain(answer!.Headers, h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase));
    }
}
