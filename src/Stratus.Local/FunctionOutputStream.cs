using System.Diagnostics.CodeAnalysis;

namespace Stratus.Local;

/// <summary>The stream a function process wrote a line to.</summary>
[SuppressMessage(
    "Naming",
    "CA1711:Identifiers should not have incorrect suffix",
    Justification = "It names a process's output stream, and the CLI already codes against this name.")]
public enum FunctionOutputStream
{
    /// <summary>The process's standard output.</summary>
    StandardOutput,

    /// <summary>The process's standard error.</summary>
    StandardError,

    /// <summary>Not the process: the local API Gateway's line about a request it sent to the function.</summary>
    Gateway,

    /// <summary>
    /// Not the process: a line Lambda itself writes into the function's log (INIT_REPORT), given in its place
    /// among the function's lines when the caller shows outcomes (<see cref="LocalCloudOptions.CallerShowsOutcomes"/>).
    /// </summary>
    Platform,
}
