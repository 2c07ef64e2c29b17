using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Internal;

/// <summary>
/// Reads the minimum log level from STRATUS_LOG_LEVEL, else AWS_LAMBDA_LOG_LEVEL, else Information.
/// </summary>
internal static class LogLevels
{
    public const string StratusVariable = "STRATUS_LOG_LEVEL";
    public const string AwsVariable = "AWS_LAMBDA_LOG_LEVEL";

    /// <param name="variables">The environment.</param>
    /// <param name="invalidVariable">The variable whose value was not a level, if any.</param>
    public static LogLevel Resolve(IReadOnlyDictionary<string, string> variables, out string? invalidVariable)
    {
        ArgumentNullException.ThrowIfNull(variables);

        invalidVariable = null;
        foreach (var name in (ReadOnlySpan<string>)[StratusVariable, AwsVariable])
        {
            if (!variables.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (TryParse(value, out var level))
            {
                return level;
            }

            invalidVariable = name;
            return LogLevel.Information;
        }

        return LogLevel.Information;
    }

    public static bool TryParse(string value, out LogLevel level)
    {
        ArgumentNullException.ThrowIfNull(value);

        level = value.Trim().ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFO" or "INFORMATION" => LogLevel.Information,
            "WARN" or "WARNING" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "FATAL" or "CRITICAL" => LogLevel.Critical,
            "NONE" => LogLevel.None,
            _ => (LogLevel)(-1),
        };
        return level >= LogLevel.Trace;
    }

    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "Trace",
        LogLevel.Debug => "Debug",
        LogLevel.Information => "Information",
        LogLevel.Warning => "Warning",
        LogLevel.Error => "Error",
        LogLevel.Critical => "Critical",
        _ => "None",
    };
}
