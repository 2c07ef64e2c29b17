using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Stratus.Cli.Tests.Support;

/// <summary>
/// `stratus dev` as a real child process on a free port (`--port 0`), with every line it writes to stdout and stderr
/// kept; ready once it prints its serving address, stopped with SIGINT (Ctrl+C) by its pid. Disposing ends it
/// and the function processes it started if a test did not.
/// </summary>
internal sealed partial class DevProcess : IDisposable
{
    private const int SigInt = 2;

    // A first `dev` may build the service's functions, which takes minutes on a loaded machine.
    private static readonly TimeSpan ServingLimit = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DevProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>The address dev printed in its "Serving on" line; set once it serves.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>Every line written so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>
    /// Starts `stratus dev --port 0` with <paramref name="arguments"/>, without waiting for it to serve.
    /// </summary>
    public static DevProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Stratus.Packaging.DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var cli = Path.Combine(AppContext.BaseDirectory, "stratus.dll");
        foreach (var argument in new[] { cli, "dev", "--port", "0" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("stratus dev did not start");
        var dev = new DevProcess(process);
        process.OutputDataReceived += (_, line) => dev.OnLine(line.Data, watchForServing: true);
        process.ErrorDataReceived += (_, line) => dev.OnLine(line.Data, watchForServing: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return dev;
    }

    /// <summary>Starts `stratus dev --port 0` with <paramref name="arguments"/> and waits until it serves.</summary>
    public static async Task<DevProcess> StartAsync(params string[] arguments)
    {
        var dev = Start(arguments);
        try
        {
            await dev.WaitUntilServingAsync(ServingLimit);
            return dev;
        }
        catch
        {
            dev.Dispose();
            throw;
        }
    }

    /// <summary>Waits, up to the limit, for the "Serving on" line and returns its address.</summary>
    public async Task<Uri> WaitUntilServingAsync(TimeSpan limit) => await _serving.Task.WaitAsync(limit);

    /// <summary>Sends SIGINT, as Ctrl+C does; returns libc kill's result (0 when delivered).</summary>
    public int Interrupt() => Kill(_process.Id, SigInt);

    /// <summary>Sends SIGINT, as Ctrl+C does, and returns the exit code once the process has ended.</summary>
    public async Task<int> InterruptAsync()
    {
        if (Interrupt() != 0)
        {
            throw new InvalidOperationException($"SIGINT could not be sent to stratus dev (pid {_process.Id}).");
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    /// <summary>Waits, up to the limit, for the process to end and for its last output lines.</summary>
    public async Task WaitForExitAsync(TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(deadline.Token);
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
            // Only when a test failed before stopping it: this process and the function processes it started.
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void OnLine(string? line, bool watchForServing)
    {
        if (line is null)
        {
            _serving.TrySetException(new InvalidOperationException(
                "stratus dev ended before it served:\n" + string.Join('\n', _lines)));
            return;
        }

        _lines.Enqueue(line);
        if (watchForServing && ServingLine().Match(line) is { Success: true } match)
        {
            BaseAddress = new Uri(match.Groups["url"].Value);
            _serving.TrySetResult(BaseAddress);
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
