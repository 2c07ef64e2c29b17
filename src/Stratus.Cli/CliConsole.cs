using Microsoft.Extensions.Logging;

namespace Stratus.Cli;

/// <summary>Where a command writes: results to Out, progress and logs to Error.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, ILoggerFactory LoggerFactory);
