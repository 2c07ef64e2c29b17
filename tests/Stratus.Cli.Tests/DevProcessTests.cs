using System.Diagnostics;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>`stratus dev` as a real process: Ctrl+C (SIGINT) stops it and every function process it started.</summary>
[Collection(UsersServiceGroup.Name)]
public sealed class DevProcessTests
{
    [Fact]
    public async Task Dev_OnCtrlC_ExitsWith130AndEndsEveryFunctionProcess()
    {
        using var dev = DevProcess.Start(UsersConfig);
        var baseAddress = await dev.WaitUntilServingAsync(TimeSpan.FromMinutes(3));
        using var client = new HttpClient { BaseAddress = baseAddress };
        Assert.True((await client.GetAsync("/status")).IsSuccessStatusCode);
        var functionPids = ChildProcessIds(dev.Id);
        Assert.NotEmpty(functionPids);

        Assert.Equal(0, dev.Interrupt());
        await dev.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, dev.ExitCode);
        Assert.All(functionPids, pid => Assert.False(IsRunning(pid), $"function process {pid} outlived dev"));
    }

    private static List<int> ChildProcessIds(int parent) =>
        Process.GetProcesses()
            .Where(p => ParentOf(p.Id) == parent)
            .Where(p => CommandLine(p.Id).Contains("users-service/.stratus/build", StringComparison.Ordinal))
            .Select(p => p.Id)
            .ToList();

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static bool IsRunning(int pid) => CommandLine(pid).Length > 0;

    private static string UsersConfig => Path.Combine(RepositoryPaths.UsersService, "serverless.yml");
}
