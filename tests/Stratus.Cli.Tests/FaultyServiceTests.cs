using System.Net;
using System.Text.Json;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>Functions that throw, hang or exit answer the client as API Gateway would.</summary>
[Collection(FaultyServiceGroup.Name)]
public sealed class FaultyServiceTests(FaultyServiceFixture service)
{
    [Fact]
    public async Task Throw_ThroughRestApi_Answers502WithAwsMessage()
    {
        var response = await service.Client.GetAsync("/dev/throw");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("Internal server error", await MessageAsync(response));
    }

    [Fact]
    public async Task Throw_ThroughHttpApi_Answers500WithAwsMessage()
    {
        var response = await service.Client.GetAsync("/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Internal Server Error", await MessageAsync(response));
    }

    [Fact]
    public async Task Throw_AnyApi_ShowsErrorTypeAndMessageOnTheDevConsole()
    {
        await service.Client.GetAsync("/throw");

        Assert.Contains(service.Output.Lines, line =>
            line.StartsWith("[thrower]", StringComparison.Ordinal)
            && line.Contains("InvalidOperationException", StringComparison.Ordinal)
            && line.Contains("The thrower always throws.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sleep_PastTimeout_IsEndedAndTheNextCallGetsAFreshProcess()
    {
        var first = await service.Client.GetAsync("/sleep");
        var timedOutProcessEnded = await NoProcessLeftAsync("sleeper");
        var second = await service.Client.GetAsync("/dev/sleep");

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, second.StatusCode);
        Assert.True(timedOutProcessEnded, "The timed-out process was still running 10 s after its answer.");
        Assert.Contains(service.Output.Lines, line => line.Contains("Remaining time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Exit_MidInvocation_AnswersGatewayErrorAndRecovers()
    {
        var first = await service.Client.GetAsync("/exit");
        var second = await service.Client.GetAsync("/exit");

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
    }

    [Fact]
    public async Task FunctionProcess_HeapIsCappedAtMemorySize_AsAwsDotnetRuntimeDoes()
    {
        var report = await MemoryReportAsync("/memory/capped");

        Assert.Equal(256, report.GetProperty("memorySizeMb").GetInt32());
        Assert.Equal(256, report.GetProperty("gcLimitMb").GetInt64());
    }

    [Fact]
    public async Task FunctionProcess_MemoryLimitCheckDisabled_LeavesTheHeapUncapped()
    {
        var report = await MemoryReportAsync("/memory/uncapped");

        Assert.True(report.GetProperty("gcLimitMb").GetInt64() > 256, report.ToString());
    }

    /// <summary>
    /// Polls until the function has no process left: the timeout answers the caller first and then kills the
    /// process, whose exit a loaded machine may report a little later.
    /// </summary>
    private async Task<bool> NoProcessLeftAsync(string functionKey)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (service.Session.Cloud.GetProcessIds(functionKey).Count > 0)
        {
            if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        return true;
    }

    private async Task<JsonElement> MemoryReportAsync(string path)
    {
        var response = await service.Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static async Task<string?> MessageAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("message").GetString();
    }
}

[CollectionDefinition(Name)]
public sealed class FaultyServiceGroup : ICollectionFixture<FaultyServiceFixture>
{
    public const string Name = "faulty-service";
}
