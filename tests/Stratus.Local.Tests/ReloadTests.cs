using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>Swapping in a new build while serving: what <c>stratus dev</c> does after a source change.</summary>
public sealed class ReloadTests
{
    // Long enough that requests sent after the reload find the old invocation still running, short of the timeout.
    private const string HoldPayload = """{"behaviour":"hold","ms":4000}""";

    private const string IdentityPayload = """{"behaviour":"identity"}""";

    [Fact]
    public async Task ReplaceFunctions_WhileInvocationRuns_OldFinishesOnOldProcessAndNewRequestsGetNewVersion()
    {
        await using var test = await TestCloud.StartAsync(Versioned("1"));
        var running = test.InvokeAsync("work", """{"behaviour":"hold","ms":1500}""");
        var oldPid = await HoldingPidAsync(test);

        var replacing = test.Cloud.ReplaceFunctionsAsync([Versioned("2")], CancellationToken.None);
        var next = await test.InvokeAsync("work", """{"behaviour":"identity"}""");
        var old = await running;
        await replacing;

        Assert.True(old.IsSuccess, old.ErrorMessage);
        Assert.Equal(oldPid, Json.Pid(old));
        Assert.Equal("1", Json.Parse(old.Payload)["version"]!.GetValue<string>());
        Assert.True(next.IsSuccess, next.ErrorMessage);
        Assert.Equal("2", Json.Parse(next.Payload)["version"]!.GetValue<string>());
        Assert.NotEqual(oldPid, Json.Pid(next));
        Assert.False(Processes.IsRunning(oldPid), "the old version's process outlived the replacement");
        Assert.Equal([Json.Pid(next)], test.Cloud.GetProcessIds("work"));
    }

    [Fact]
    public async Task ReplaceFunctions_WithNewRoute_ServesItAndDropsTheOldOne()
    {
        await using var test = await TestCloud.StartAsync(Create("work", "identity", Http("GET", "/before")));

        await test.Cloud.ReplaceFunctionsAsync(
            [Create("work", "identity", Http("GET", "/after"))],
            CancellationToken.None);
        using var after = await test.Client.GetAsync("/after");
        using var before = await test.Client.GetAsync("/before");

        Assert.Equal(200, (int)after.StatusCode);
        Assert.Equal(404, (int)before.StatusCode);
        Assert.Equal("/after", Assert.Single(test.Cloud.Routes).Path);
    }

    [Fact]
    public async Task ReplaceFunctions_InvalidFunctions_ThrowAndKeepServingTheOldVersion()
    {
        await using var test = await TestCloud.StartAsync(Versioned("1"));
        var broken = Versioned("2") with { Routes = [Http("GET", "no-slash")] };

        await Assert.ThrowsAsync<ArgumentException>(
            () => test.Cloud.ReplaceFunctionsAsync([broken], CancellationToken.None));
        var result = await test.InvokeAsync("work", """{"behaviour":"identity"}""");

        Assert.Equal("1", Json.Parse(result.Payload)["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_WithNewBinaryMediaTypes_RestApiEncodesMatchingBodiesFromThenOn()
    {
        var upload = Create("upload", "http-ok", Rest("POST", "/upload"));
        await using var test = await TestCloud.StartAsync(upload);

        var before = await UploadPngAsync(test);
        var options = new LocalCloudOptions
        {
            Stage = "dev",
            Region = TestCloud.Region,
            AccountId = TestCloud.AccountId,
            Functions = [upload],
            BinaryMediaTypes = ["image/*"],
        };
        await test.Cloud.ReplaceAsync(options, CancellationToken.None);
        var after = await UploadPngAsync(test);

        Assert.False(before["isBase64Encoded"]!.GetValue<bool>());
        Assert.True(after["isBase64Encoded"]!.GetValue<bool>());
        Assert.Equal(Convert.ToBase64String([0x89, 0x50, 0x00, 0xFF]), after["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_ForAnotherStage_ThrowsAndKeepsServingTheOldVersion()
    {
        await using var test = await TestCloud.StartAsync(Create("work", "http-ok", Rest("GET", "/work")));
        var options = new LocalCloudOptions
        {
            Stage = "prod",
            Region = TestCloud.Region,
            AccountId = TestCloud.AccountId,
            Functions = [Create("work", "http-ok", Rest("GET", "/other"))],
        };

        var refused = await Assert.ThrowsAsync<ArgumentException>(
            () => test.Cloud.ReplaceAsync(options, CancellationToken.None));
        using var served = await test.Client.GetAsync("/dev/work");

        Assert.Contains("start it again", refused.Message, StringComparison.Ordinal);
        Assert.Equal(200, (int)served.StatusCode);
    }

    [Fact]
    public async Task Reload_InvocationRunningOnOldGeneration_CountsAgainstReservedConcurrency()
    {
        await using var test = await TestCloud.StartAsync(Reserved("1", 1));
        var running = test.InvokeAsync("work", HoldPayload);
        var oldPid = await HoldingPidAsync(test);

        var replacing = test.Cloud.ReplaceFunctionsAsync([Reserved("2", 1)], CancellationToken.None);
        var throttled = await test.InvokeAsync("work", IdentityPayload);
        var old = await running;
        var next = await test.InvokeAsync("work", IdentityPayload);
        await replacing;

        Assert.Equal(FunctionErrorKind.Throttled, throttled.Error);
        Assert.Equal("TooManyRequestsException", throttled.ErrorType);
        Assert.True(old.IsSuccess, old.ErrorMessage);
        Assert.Equal(oldPid, Json.Pid(old));
        Assert.True(next.IsSuccess, next.ErrorMessage);
        Assert.Equal("2", Json.Parse(next.Payload)["version"]!.GetValue<string>());
        Assert.NotEqual(oldPid, Json.Pid(next));
    }

    [Fact]
    public async Task Reload_HttpApiRequestWhileOldGenerationHoldsTheOnlySlot_Answers500ThenRunsOnceItEnds()
    {
        await using var test = await TestCloud.StartAsync(Reserved("1", 1) with { Routes = [Http("GET", "/work")] });
        var running = test.Client.GetAsync("/work?behaviour=hold&ms=4000");
        await HoldingPidAsync(test);

        var replacing = test.Cloud.ReplaceFunctionsAsync(
            [Reserved("2", 1) with { Routes = [Http("GET", "/work")] }],
            CancellationToken.None);
        using var throttled = await test.Client.GetAsync("/work");
        using var old = await running;
        using var next = await test.Client.GetAsync("/work");
        await replacing;

        // API Gateway turns Lambda's 429 into its own 500: AWS knowledge center "api-gateway-internal-server-error".
        Assert.Equal(500, (int)throttled.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await throttled.Content.ReadAsStringAsync());
        Assert.Equal(200, (int)old.StatusCode);
        Assert.Equal(200, (int)next.StatusCode);
        Assert.Equal("2", (await Json.ReadAsync(next))["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reload_IdleOldGenerationProcess_LeavesTheSlotToTheNewGeneration()
    {
        // The old process may still be between its answer and its next poll when the reload comes: either way it
        // runs nothing, so the request right after the reload must run, not be throttled.
        await using var test = await TestCloud.StartAsync(Reserved("1", 1));
        var warm = await test.InvokeAsync("work", IdentityPayload);

        var replacing = test.Cloud.ReplaceFunctionsAsync([Reserved("2", 1)], CancellationToken.None);
        var next = await test.InvokeAsync("work", IdentityPayload);
        await replacing;

        Assert.True(next.IsSuccess, next.ErrorMessage);
        Assert.Equal("2", Json.Parse(next.Payload)["version"]!.GetValue<string>());
        Assert.NotEqual(Json.Pid(warm), Json.Pid(next));
    }

    [Fact]
    public async Task Reload_RaisedReservedConcurrency_RunsNewRequestBesideOldInvocation()
    {
        await using var test = await TestCloud.StartAsync(Reserved("1", 1));
        var running = test.InvokeAsync("work", HoldPayload);
        var oldPid = await HoldingPidAsync(test);

        var replacing = test.Cloud.ReplaceFunctionsAsync([Reserved("2", 2)], CancellationToken.None);
        var next = await test.InvokeAsync("work", IdentityPayload);
        var oldStillRunning = !running.IsCompleted;
        await running;
        await replacing;

        Assert.True(next.IsSuccess, next.ErrorMessage);
        Assert.NotEqual(oldPid, Json.Pid(next));
        Assert.True(oldStillRunning, "the old invocation ended before the new request ran");
    }

    [Fact]
    public async Task Reload_LoweredReservedConcurrency_ThrottlesWhileTheOldVersionRunsMoreThanTheNewCap()
    {
        await using var test = await TestCloud.StartAsync(Reserved("1", 2));
        var first = test.InvokeAsync("work", HoldPayload);
        var second = test.InvokeAsync("work", HoldPayload);
        await test.Output.WaitForLinesAsync(line => line.StartsWith("hold: pid ", StringComparison.Ordinal), 2);

        var replacing = test.Cloud.ReplaceFunctionsAsync([Reserved("2", 1)], CancellationToken.None);
        var throttled = await test.InvokeAsync("work", IdentityPayload);
        await Task.WhenAll(first, second);
        var next = await test.InvokeAsync("work", IdentityPayload);
        await replacing;

        Assert.Equal("TooManyRequestsException", throttled.ErrorType);
        Assert.True(next.IsSuccess, next.ErrorMessage);
        Assert.Equal("2", Json.Parse(next.Payload)["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reload_EventQueuedWhileOldGenerationHoldsTheOnlySlot_RunsOnNewGenerationOnceItEnds()
    {
        // Lambda keeps a throttled Event invocation and retries it; here it waits in the new version's pool until
        // the old version's invocation gives the slot back, which must wake that other pool.
        await using var test = await TestCloud.StartAsync(Reserved("1", 1));
        var running = test.InvokeAsync("work", HoldPayload);
        await HoldingPidAsync(test);

        var replacing = test.Cloud.ReplaceFunctionsAsync([Reserved("2", 1)], CancellationToken.None);
        await SendEventAsync(test, """{"behaviour":"print-event","marker":"queued"}""");
        var old = await running;
        var printed = await test.Output.WaitForLineAsync(
            line => line.StartsWith("event: ", StringComparison.Ordinal));
        await replacing;

        Assert.True(old.IsSuccess, old.ErrorMessage);
        Assert.Equal("queued", Json.Parse(printed["event: ".Length..])["marker"]!.GetValue<string>());
    }

    private static async Task<int> HoldingPidAsync(TestCloud test)
    {
        var holding = await test.Output.WaitForLineAsync(
            line => line.StartsWith("hold: pid ", StringComparison.Ordinal));
        return int.Parse(holding["hold: pid ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task SendEventAsync(TestCloud test, string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/svc-dev-work/invocations")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Amz-Invocation-Type", "Event");

        using var response = await test.Client.SendAsync(request);
        Assert.Equal(202, (int)response.StatusCode);
    }

    private static LocalFunction Reserved(string version, int reservedConcurrency) => Versioned(version) with
    {
        ReservedConcurrency = reservedConcurrency,
        Timeout = TimeSpan.FromSeconds(20),
    };

    private static LocalFunction Versioned(string version) => Create("work", "identity") with
    {
        Environment = new Dictionary<string, string> { ["STRATUS_TEST_VERSION"] = version },
    };

    private static async Task<System.Text.Json.Nodes.JsonNode> UploadPngAsync(TestCloud test)
    {
        using var content = new ByteArrayContent([0x89, 0x50, 0x00, 0xFF]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
        using var response = await test.Client.PostAsync("/dev/upload", content);
        return Json.Parse(await response.Content.ReadAsStringAsync());
    }
}
