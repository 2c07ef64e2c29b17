using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>`stratus dev` as a real process: Ctrl+C (SIGINT) stops it and every function process it started.</summary>
[Collection(UsersServiceGroup.Name)]
public sealed partial class DevProcessTests
{
    private const int SigInt = 2;

    [Fact]
    public async Task Dev_OnCtrlC_ExitsWith130AndEndsEveryFunctionProcess()
    {
        using var dev = StartDev();
        var baseAddress = await ReadServingAddressAsync(dev);
        using var client = new HttpClient { BaseAddress = baseAddress };
        Assert.True((await client.GetAsync("/status")).IsSuccessStatusCode);
        var functionPids = ChildProcessIds(dev.Id);
        Assert.NotEmpty(functionPids);

        Assert.Equal(0, Kill(dev.Id, SigInt));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await dev.WaitForExitAsync(deadline.Token);

        Assert.Equal(130, dev.ExitCode);
        Assert.All(functionPids, pid => Assert.False(IsRunning(pid), $"function process {pid} outlived dev"));
    }

    private static Process StartDev()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "stratus.dll");
        var start = new ProcessStartInfo(Stratus.Packaging.DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "dev", "--port", "0", "--config", UsersConfig })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("stratus dev did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<Uri> ReadServingAddressAsync(Process dev)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await dev.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            var match = ServingLine().Match(line);
            if (match.Success)
            {
                _ = DrainAsync(dev.StandardOutput);
                return new Uri(match.Groups["url"].Value);
            }
        }

        throw new InvalidOperationException("stratus dev ended before it served");
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null)
        {
        }
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

    [GeneratedRegex(@"^Serving on (?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ServingLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
