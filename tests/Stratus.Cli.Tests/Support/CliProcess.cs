using System.Diagnostics;

namespace Stratus.Cli.Tests.Support;

/// <summary>
/// Runs `stratus` as a real child process, as a user's shell does, when a test must see what the in-process
/// <see cref="CliRun"/> cannot: the log lines the command's console logger writes to the process's own stderr.
/// </summary>
internal static class CliProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static Task<CliRun> RunAsync(params string[] arguments) =>
        RunWithEnvironmentAsync(new Dictionary<string, string>(), arguments);

    /// <summary>
    /// Runs it with standard input closed outright (a shell's '&lt;&amp;-'), not merely at its end: the runtime's
    /// own pipe then takes descriptor 0.
    /// </summary>
    public static Task<CliRun> RunWithInputClosedAsync(params string[] arguments)
    {
        string[] closingShell = ["-c", "exec \"$0\" \"$@\" <&-", Stratus.Packaging.DotnetHost.Path];
        return RunAsync(new ProcessStartInfo("/bin/sh"), closingShell, new Dictionary<string, string>(), arguments);
    }

    /// <summary>Runs it with <paramref name="input"/> written into the pipe on its standard input.</summary>
    public static Task<CliRun> RunWithPipedInputAsync(string input, params string[] arguments) =>
        RunAsync(
            new ProcessStartInfo(Stratus.Packaging.DotnetHost.Path),
            [],
            new Dictionary<string, string>(),
            arguments,
            input);

    /// <summary>Runs it with <paramref name="environment"/> added to this process's environment.</summary>
    public static Task<CliRun> RunWithEnvironmentAsync(
        IReadOnlyDictionary<string, string> environment,
        params string[] arguments) =>
        RunAsync(new ProcessStartInfo(Stratus.Packaging.DotnetHost.Path), [], environment, arguments);

    private static async Task<CliRun> RunAsync(
        ProcessStartInfo start,
        string[] launcher,
        IReadOnlyDictionary<string, string> environment,
        string[] arguments,
        string input = "")
    {
        // Standard input ends at once, as '< /dev/null' does: `invoke local` reads a piped event from it.
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in launcher)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "stratus.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("stratus did not start");
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(Limit);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var error = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            return new CliRun(process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                // Only when the deadline passed: this process and the function processes it started.
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
