using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Stratus.Cli.Commands;
using Stratus.Cli.Errors;

namespace Stratus.Cli;

/// <summary>The `stratus` command: parses arguments, runs one command, and maps every failure to an exit code.</summary>
internal static class StratusApp
{
    /// <param name="args">The command line.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where progress, logs and errors go.</param>
    /// <param name="input">Standard input when it is piped or redirected, or null (a terminal, or none).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        var verbose = args.Contains(CommonOptions.VerboseName);
        using var loggerFactory = CreateLoggerFactory(verbose);
        var console = new CliConsole(output, error, loggerFactory) { Input = input };

        var root = CreateRootCommand(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            // "Required command was not provided" only repeats what the unrecognized word already says.
            var messages = parse.Errors.Select(e => e.Message).ToList();
            if (messages.Count > 1)
            {
                messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
            }

            // A word too many after `secrets set NAME` is most likely the secret itself: it is not repeated.
            if (parse.CommandResult is { Command.Name: "set", Parent: CommandResult { Command.Name: "secrets" } })
            {
                messages = [.. messages.Select(SecretsCommand.WithoutEchoedWords)];
            }

            // '--verbose' taken as another option's value (`--stage $UNSET --verbose`) did not ask for details.
            var details = string.Join(" ", messages);
            var verboseParsed = verbose && parse.GetValue<bool>(CommonOptions.VerboseName);
            return await ErrorReporter.ReportAsync(CliErrors.BadArguments(details), console, verboseParsed);
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,

                // Ctrl+C and SIGTERM cancel the command's token; `dev` then ends every function process.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(10),
            });
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Cancelled;
        }
        catch (Exception failure)
        {
            return await ErrorReporter.ReportAsync(failure, console, verbose);
        }
    }

    internal static RootCommand CreateRootCommand(CliConsole console)
    {
        var root = new RootCommand("Stratus: write, test, run and ship AWS Lambda functions in C#, from serverless.yml.");
        CommonOptions.AddTo(root);
        root.Subcommands.Add(DevCommand.Create(console));
        root.Subcommands.Add(InvokeLocalCommand.Create(console));
        root.Subcommands.Add(PrintCommand.Create(console));
        root.Subcommands.Add(PackageCommand.Create(console));
        root.Subcommands.Add(SecretsCommand.Create(console));
        return root;
    }

    private static ILoggerFactory CreateLoggerFactory(bool verbose) => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        // Logs are progress, not results: stderr keeps stdout clean for piping.
        logging.AddConsole(console =>
        {
            console.LogToStandardErrorThreshold = LogLevel.Trace;

            // A console that stops reading must cost log lines, never a request thread waiting on a full queue.
            console.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite;
        });
    });
}
