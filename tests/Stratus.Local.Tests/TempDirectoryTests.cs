using System.Text.Json.Nodes;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// Each execution environment's own temp folder, its TMPDIR: Lambda's /tmp is "temporary and unique to each
/// execution environment" (https://docs.aws.amazon.com/lambda/latest/dg/configuration-ephemeral-storage.html).
/// </summary>
public sealed class TempDirectoryTests
{
    private const int TempDirectoryDeleted = 2034;

    // An emulator killed outright cannot clean up; the next one to start does, sparing any emulator still running.
    [Fact]
    public async Task Start_TempFoldersOfAnEmulatorThatIsGone_AreDeletedAndALiveOnesKept()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var gone = Path.Combine(Path.GetTempPath(), $"stratus-{ExitedProcessId()}-work-{suffix}");
        var live = Path.Combine(Path.GetTempPath(), $"stratus-{Environment.ProcessId}-work-{suffix}");
        Directory.CreateDirectory(gone);
        File.WriteAllText(Path.Combine(gone, "left.txt"), "left by a killed emulator");
        Directory.CreateDirectory(live);
        try
        {
            await using var test = await TestCloud.StartAsync(Create("work", "identity"));

            Assert.False(Directory.Exists(gone));
            Assert.True(Directory.Exists(live));
        }
        finally
        {
            Directory.Delete(live, recursive: true);
        }
    }

    [Fact]
    public async Task TempDirectory_TwoInstancesOfOneFunction_AreDifferentFoldersTheRuntimeUses()
    {
        await using var test = await TestCloud.StartAsync(Create("work", "identity"));
        var holding = test.InvokeAsync("work", """{"behaviour":"hold","ms":2000}""");
        await test.Output.WaitForLineAsync(line => line.StartsWith("hold: pid ", StringComparison.Ordinal));

        // The first instance is busy holding, so this invocation starts a second one.
        var second = Json.Parse((await test.InvokeAsync("work")).Payload);
        var first = Json.Parse((await holding).Payload);

        Assert.NotEqual(first["pid"]!.GetValue<int>(), second["pid"]!.GetValue<int>());
        var (firstTemp, secondTemp) = (TempPath(first), TempPath(second));
        Assert.NotEqual(firstTemp, secondTemp);
        Assert.True(first["tempPathExists"]!.GetValue<bool>());
        Assert.True(second["tempPathExists"]!.GetValue<bool>());
        Assert.NotEqual(Path.TrimEndingDirectorySeparator(Path.GetTempPath()), firstTemp);
    }

    [Fact]
    public async Task TempDirectory_WhileTheProcessRuns_ExistsAndHoldsWhatTheFunctionWrote()
    {
        await using var test = await TestCloud.StartAsync(Create("work", "identity"));

        var answer = Json.Parse((await test.InvokeAsync("work")).Payload);

        var temp = TempPath(answer);
        Assert.Single(test.Cloud.GetProcessIds("work"));
        Assert.True(Directory.Exists(temp), $"The temp folder '{temp}' of a running instance is missing.");
        Assert.StartsWith($"stratus-{Environment.ProcessId}-work-", Path.GetFileName(temp), StringComparison.Ordinal);
    }

    // The instance ends as its process exits (crash) or is killed (timeout); either way its folder goes with it.
    [Theory]
    [InlineData("crash")]
    [InlineData("sleep")]
    public async Task TempDirectory_InstanceEnds_IsDeletedWithWhatItHeld(string ending)
    {
        var function = Create("work", "identity") with { Timeout = TimeSpan.FromSeconds(1) };
        await using var test = await TestCloud.StartAsync(function);
        var temp = TempPath(Json.Parse((await test.InvokeAsync("work")).Payload));
        await File.WriteAllTextAsync(Path.Combine(temp, "left-behind.txt"), "data");

        var ended = await test.InvokeAsync("work", $$"""{"behaviour":"{{ending}}"}""");
        await test.Logs.WaitForAsync(
            entry => entry.EventId == TempDirectoryDeleted && entry.Message.Contains(temp, StringComparison.Ordinal));

        Assert.NotNull(ended.Error);
        Assert.False(Directory.Exists(temp), $"The temp folder '{temp}' outlived its instance.");
    }

    [Fact]
    public async Task TempDirectory_EmulatorStops_IsDeletedBeforeTheStopReturns()
    {
        await using var test = await TestCloud.StartAsync(Create("work", "identity"));
        var temp = TempPath(Json.Parse((await test.InvokeAsync("work")).Payload));

        await test.Cloud.DisposeAsync();

        Assert.False(Directory.Exists(temp), $"The temp folder '{temp}' outlived the emulator.");
    }

    // TMPDIR is not on Lambda's reserved list, so a function may set its own there, and it wins here too.
    [Fact]
    public async Task TempDirectory_FunctionSetsTmpdir_GetsItsOwnValue()
    {
        var own = Directory.CreateTempSubdirectory("stratus-test-own-tmp-").FullName;
        try
        {
            var environment = new Dictionary<string, string> { ["TMPDIR"] = own };
            var function = Create("echo", "echo") with { Environment = environment };
            await using var test = await TestCloud.StartAsync(function);

            var described = Json.Parse((await test.InvokeAsync("echo")).Payload);

            Assert.Equal(own, described["environment"]!["TMPDIR"]!.GetValue<string>());
            Assert.Equal(own, TempPath(described));
        }
        finally
        {
            Directory.Delete(own, recursive: true);
        }
    }

    /// <summary>The runtime's temp folder as the function saw it, without Path.GetTempPath's final separator.</summary>
    private static string TempPath(JsonNode answer) =>
        Path.TrimEndingDirectorySeparator(answer["tempPath"]!.GetValue<string>());

    private static int ExitedProcessId()
    {
        using var process = System.Diagnostics.Process.Start("true");
        process.WaitForExit();
        return process.Id;
    }
}
