using System.Net.Http.Headers;
using Stratus.Functions.Internal.Secrets;

namespace Stratus.Functions.Tests;

/// <summary>
/// Checks the signer against AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite):
/// credentials AKIDEXAMPLE, region us-east-1, service 'service', 2015-08-30T12:36:00Z.
/// </summary>
public sealed class AwsSigV4SignerTests
{
    private static readonly AwsCredentials SuiteCredentials =
        new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);

    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("GET", "https://example.amazonaws.com/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("POST", "https://example.amazonaws.com/", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    [InlineData(
        "GET",
        "https://example.amazonaws.com/?Param2=value2&Param1=value1",
        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    public void Authorization_SuiteVector_MatchesPublishedSignature(string method, string url, string signature)
    {
        var headers = SuiteHeaders();

        var authorization = AwsSigV4Signer.Authorization(
            method,
            new Uri(url),
            headers,
            [],
            SuiteCredentials,
            "us-east-1",
            "service",
            SuiteTime);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + $"SignedHeaders=host;x-amz-date, Signature={signature}",
            authorization);
    }

    [Fact]
    public void CanonicalRequest_GetVanilla_MatchesPublishedCanonicalRequestAndStringToSign()
    {
        var canonical = AwsSigV4Signer.CanonicalRequest(
            "GET",
            new Uri("https://example.amazonaws.com/"),
            SuiteHeaders(),
            [],
            out var signedHeaders);
        var stringToSign = AwsSigV4Signer.StringToSign(
            "20150830T123600Z",
            "20150830/us-east-1/service/aws4_request",
            canonical);

        Assert.Equal("host;x-amz-date", signedHeaders);
        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            stringToSign);
    }

    [Fact]
    public void Sign_Request_AddsDateTokenAndAuthorizationOverHostContentTypeAndAmzHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4599/");
        request.Headers.Add("X-Amz-Target", "TrentService.Decrypt");
        request.Content = new ByteArrayContent("{}"u8.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        var credentials = SuiteCredentials with { SessionToken = "session-token" };

        AwsSigV4Signer.Sign(request, "{}"u8.ToArray(), credentials, "eu-west-1", "kms", SuiteTime);

        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal("session-token", request.Headers.GetValues("X-Amz-Security-Token").Single());
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.StartsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/kms/aws4_request, ",
            authorization);
        Assert.Contains(
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, ",
            authorization);
    }

    private static List<KeyValuePair<string, string>> SuiteHeaders() =>
    [
        new("Host", "example.amazonaws.com"),
        new("X-Amz-Date", "20150830T123600Z"),
    ];
}
