using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>Swapping in a new build while serving: what <c>stratus dev</c> does after a source change.</summary>
public sealed class ReloadTests
{
    [Fact]
    public async Task ReplaceFunctions_WhileInvocationRuns_OldFinishesOnOldProcessAndNewRequestsGetNewVersion()
    {
        await using var test = await TestCloud.StartAsync(Versioned("1"));
        var running = test.InvokeAsync("work", """{"behaviour":"hold","ms":1500}""");
        var holding = await test.Output.WaitForLineAsync(
            line => line.StartsWith("hold: pid ", StringComparison.Ordinal));
        var oldPid = int.Parse(holding["hold: pid ".Length..], System.Globalization.CultureInfo.InvariantCulture);

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

    private static LocalFunction Versioned(string version) => Create("work", "identity") with
    {
        Environment = new Dictionary<string, string> { ["STRATUS_TEST_VERSION"] = version },
    };
}
