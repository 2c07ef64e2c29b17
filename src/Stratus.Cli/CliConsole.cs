using Microsoft.Extensions.Logging;

namespace Stratus.Cli;

/// <summary>
/// Where a command writes: results to Out, progress and logs to Error. Input is standard input when it is piped or
/// redirected (never a terminal), or null.
/// </summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, ILoggerFactory LoggerFactory)
{
    public TextReader? Input { get; init; }
}
