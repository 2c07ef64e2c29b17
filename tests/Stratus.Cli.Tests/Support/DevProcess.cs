using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Stratus.Cli.Tests.Support;

/// <summary>
/// `stratus dev` as a real child process on a free port (--port 0): started, read until it prints the address it
/// serves, and stopped with SIGINT (Ctrl+C) by its pid; disposing ends it by pid if a test did not.
/// </summary>
internal sealed partial class DevProcess : IDisposable
{
    private const int SigInt = 2;

    private readonly Process _process;

    private DevProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    /// <summary>Starts `stratus dev --port 0` with <paramref name="arguments"/> and waits until it serves.</summary>
    public static async Task<DevProcess> StartAsync(params string[] arguments)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "stratus.dll");
        var start = new ProcessStartInfo(Stratus.Packaging.DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "dev", "--port", "0" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("stratus dev did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            return new DevProcess(process, await ReadServingAddressAsync(process));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C does, and returns the exit code once the process has ended.</summary>
    public async Task<int> InterruptAsync()
    {
        if (Kill(_process.Id, SigInt) != 0)
        {
            throw new InvalidOperationException($"SIGINT could not be sent to stratus dev (pid {_process.Id}).");
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>The processes dev started whose command line contains <paramref name="commandLinePart"/>.</summary>
    public List<int> ChildProcessIds(string commandLinePart) =>
        Process.GetProcesses()
            .Where(p => ParentOf(p.Id) == _process.Id)
            .Where(p => CommandLine(p.Id).Contains(commandLinePart, StringComparison.Ordinal))
            .Select(p => p.Id)
            .ToList();

    public static bool IsRunning(int pid) => CommandLine(pid).Length > 0;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static async Task<Uri> ReadServingAddressAsync(Process dev)
    {
        // A first `dev` may build the service's functions, which takes minutes on a loaded machine.
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

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
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

    [GeneratedRegex(@"^Serving on (?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ServingLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
