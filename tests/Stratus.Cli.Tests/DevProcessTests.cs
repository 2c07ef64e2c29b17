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

    [Fact]
    public async Task Dev_RunsSocketCompletionsOnItsEventThreads_WithoutPassingTheSettingToFunctions()
    {
        using var dev = await DevProcess.StartAsync("--config", UsersConfig);
        using var client = new HttpClient { BaseAddress = dev.BaseAddress };
        Assert.True((await client.GetAsync("/status")).IsSuccessStatusCode);

        // Inline completions give the socket engine one event thread per core; without them it has one.
        var eventThreads = ThreadNames(dev.Id).Count(name => name == ".NET Sockets");
        var functionPid = Assert.Single(dev.ChildProcessIds("users-service/.stratus/build"));
        var functionEnvironment = File.ReadAllText($"/proc/{functionPid}/environ").Split('\0');

        Assert.Equal(Environment.ProcessorCount, eventThreads);
        Assert.DoesNotContain(
            functionEnvironment,
            entry => entry.StartsWith("DOTNET_SYSTEM_NET_SOCKETS_", StringComparison.Ordinal));
    }

    private static IEnumerable<string> ThreadNames(int pid) =>
        Directory.GetDirectories($"/proc/{pid}/task")
            .Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim());

    private static string UsersConfig => Path.Combine(RepositoryPaths.UsersService, "serverless.yml");
}
