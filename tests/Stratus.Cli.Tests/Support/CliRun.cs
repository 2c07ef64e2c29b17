namespace Stratus.Cli.Tests.Support;

/// <summary>Runs the `stratus` command in-process and captures what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync(input: null, args);

    /// <summary>Runs it with <paramref name="input"/> as piped standard input (null: a terminal).</summary>
    public static async Task<CliRun> RunWithInputAsync(string? input, params string[] args)
    {
        using var error = new StringWriter();
        using var reader = input is null ? null : new StringReader(input);
        return await RunWithReaderAsync(reader, error, args);
    }

    /// <summary>Runs it with <paramref name="input"/> piped in and stderr going to <paramref name="error"/>.</summary>
    public static async Task<CliRun> RunWithReaderAsync(TextReader? input, StringWriter error, params string[] args)
    {
        using var output = new StringWriter();

        var exitCode = await StratusApp.RunAsync(args, output, error, input);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
