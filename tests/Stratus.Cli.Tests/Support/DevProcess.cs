using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Stratus.Cli.Tests.Support;

/// <summary>
/// `stratus dev` as a real child process on a free port (`--port 0`), with every line it writes to stdout and stderr
/// kept; ready once it prints its serving address, stopped with SIGINT as Ctrl+C stops it.
/// </summary>
internal sealed partial class DevProcess : IDisposable
{
    private const int SigInt = 2;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _serving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DevProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line written so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Starts `stratus dev --port 0` for the service file, with the test run's environment.</summary>
    public static DevProcess Start(string configPath)
    {
        var start = new ProcessStartInfo(Stratus.Packaging.DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var cli = Path.Combine(AppContext.BaseDirectory, "stratus.dll");
        foreach (var argument in new[] { cli, "dev", "--port", "0", "--config", configPath })
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

    /// <summary>Waits, up to the limit, for the "Serving on" line and returns its address.</summary>
    public async Task<Uri> WaitUntilServingAsync(TimeSpan limit) => await _serving.Task.WaitAsync(limit);

    /// <summary>Sends SIGINT, as Ctrl+C does; returns libc kill's result (0 when delivered).</summary>
    public int Interrupt() => Kill(_process.Id, SigInt);

    /// <summary>Waits, up to the limit, for the process to end and for its last output lines.</summary>
    public async Task WaitForExitAsync(TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(deadline.Token);
    }

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
            _serving.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    [GeneratedRegex(@"^Serving on (?<url>http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ServingLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
