using Stratus.Aws.Secrets;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli.Errors;

/// <summary>The one place exceptions become messages and exit codes (STYLE.md section 6).</summary>
internal static class ErrorReporter
{
    public static async Task<int> ReportAsync(Exception failure, CliConsole console, bool verbose)
    {
        var (text, exitCode) = Describe(failure);

        // Errors echo what the user passed (a function or secret name), which may hold terminal control sequences.
        await console.Error.WriteLineAsync(DisplayText.Escaped(text, keepLineBreaks: true));
        if (verbose)
        {
            await console.Error.WriteLineAsync(DisplayText.Escaped(failure.ToString(), keepLineBreaks: true));
        }

        return exitCode;
    }

    /// <summary>The message a failure is shown with (not yet escaped for the terminal), and its exit code.</summary>
    internal static (string Text, int ExitCode) Describe(Exception failure) =>
        failure switch
        {
            ConfigException config => (FormatConfigErrors(config), ExitCodes.UsageOrConfig),
            UsageException usage =>
                ($"error {usage.Code}: {usage.Message}\n  fix: {usage.Fix}", ExitCodes.UsageOrConfig),
            SecretStoreException secrets => ($"error {secrets.Code}: {secrets.Message}", ExitCodes.UsageOrConfig),
            ToolchainException toolchain =>
                ($"error {toolchain.Code}: {toolchain.Message}\n  fix: {toolchain.Fix}", ExitCodes.Failed),
            BuildFailedException build => (FormatBuildFailure(build), ExitCodes.Failed),
            _ => ($"error: {failure.Message}", ExitCodes.Failed),
        };

    /// <summary>
    /// Each finding with its file:line:col, code, the line with a caret, and its fix: the warnings found before the
    /// errors stopped the load first (a successful load prints them too), then the errors.
    /// </summary>
    internal static string FormatConfigErrors(ConfigException config)
    {
        var warnings = config.Warnings.Select(warning => warning.Format(SourceLine(warning.At), "warning"));
        var errors = config.Errors.Select(error => error.Format(SourceLine(error.At)));
        var summary = config.Errors.Count == 1 ? "" : $"\n{config.Errors.Count} errors.";
        return string.Join("\n", warnings.Concat(errors)) + summary;
    }

    private static string FormatBuildFailure(BuildFailedException build) =>
        $"error: the functions project '{build.ProjectPath}' does not compile:\n  " +
        string.Join("\n  ", build.Errors) +
        "\n  fix: correct the code above and run the command again.";

    /// <summary>The text of the configuration line a finding points at, or null when it cannot be read.</summary>
    internal static string? SourceLine(SourceSpan at)
    {
        try
        {
            return at.Line > 0 && File.Exists(at.File) ? File.ReadLines(at.File).Skip(at.Line - 1).FirstOrDefault() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
