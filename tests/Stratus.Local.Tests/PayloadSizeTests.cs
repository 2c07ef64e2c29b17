using System.Text;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>Lambda and API Gateway count payload limits in UTF-8 bytes, never characters or server defaults.</summary>
public sealed class PayloadSizeTests
{
    [Fact]
    public async Task HttpApi_BodyOf1500000TwoByteCharacters_ReachesFunctionIntactAs3000000Bytes()
    {
        await using var test = await TestCloud.StartAsync(Create("size", "size", Http("POST", "/size")));
        using var content = new StringContent(new string('\u00e9', 1_500_000), Encoding.UTF8, "text/plain");

        using var response = await test.Client.PostAsync("/size", content);

        Assert.Equal(200, (int)response.StatusCode);
        var size = await Json.ReadAsync(response);
        Assert.Equal(1_500_000, size["chars"]!.GetValue<int>());
        Assert.Equal(3_000_000, size["utf8Bytes"]!.GetValue<int>());
        Assert.True(size["allE"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RestApi_TwoMegabyteJsonPost_ReachesFunctionIntact()
    {
        await using var test = await TestCloud.StartAsync(Create("size", "size", Rest("POST", "/size")));
        var json = "{\"data\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        using var response = await test.Client.PostAsync("/dev/size", content);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(json.Length, (await Json.ReadAsync(response))["utf8Bytes"]!.GetValue<int>());
    }

    // The answer captured from a REST API for a request over its limit (koki-develop/lgtm-generator#10).
    [Fact]
    public async Task RestApi_BodyWhoseEventIsOver6Mb_Answers413RequestTooLongAsCapturedFromAws()
    {
        await using var test = await TestCloud.StartAsync(Create("size", "size", Rest("POST", "/size")));
        using var content = new StringContent(new string('x', 6_400_000), Encoding.UTF8, "text/plain");

        using var response = await test.Client.PostAsync("/dev/size", content);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("""{"message": "Request Too Long"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("BadRequestException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Empty(test.Cloud.GetProcessIds("size"));
    }

    [Fact]
    public async Task HttpApi_BodyWhoseEventIsOver6MbInUtf8ButUnder6MInChars_Answers413()
    {
        // 3,200,000 characters are 6,400,000 UTF-8 bytes: over Lambda's 6 MB though under 6 M characters.
        await using var test = await TestCloud.StartAsync(Create("size", "size", Http("POST", "/size")));
        using var content = new StringContent(new string('\u00e9', 3_200_000), Encoding.UTF8, "text/plain");

        using var response = await test.Client.PostAsync("/size", content);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Empty(test.Cloud.GetProcessIds("size"));
    }

    [Fact]
    public async Task HttpApi_FunctionAnswerOver6Mb_IsAnInvocationErrorNotDelivered()
    {
        await using var test = await TestCloud.StartAsync(Create("big", "big", Http("GET", "/big")));

        using var response = await test.Client.GetAsync("/big");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await response.Content.ReadAsStringAsync());
        Assert.Contains(
            test.Logs.Entries,
            entry => entry.Message.Contains("Function.ResponseSizeTooLarge", StringComparison.Ordinal));
    }
}
