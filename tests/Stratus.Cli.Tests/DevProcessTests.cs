using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>`stratus dev` as a real process: Ctrl+C (SIGINT) stops it and every function process it started.</summary>
[Collection(UsersServiceGroup.Name)]
public sealed class DevProcessTests
{
    [Fact]
    public async Task Dev_OnCtrlC_ExitsWith130AndEndsEveryFunctionProcess()
    {
        using var dev = await DevProcess.StartAsync("--config", UsersConfig);
        using var client = new HttpClient { BaseAddress = dev.BaseAddress };
        Assert.True((await client.GetAsync("/status")).IsSuccessStatusCode);
        var functionPids = dev.ChildProcessIds("users-service/.stratus/build");
        Assert.NotEmpty(functionPids);

        var exitCode = await dev.InterruptAsync();

        Assert.Equal(130, exitCode);
        Assert.All(
            functionPids,
            pid => Assert.False(DevProcess.IsRunning(pid), $"function process {pid} outlived dev"));
    }

    private static string UsersConfig => Path.Combine(RepositoryPaths.UsersService, "serverless.yml");
}
