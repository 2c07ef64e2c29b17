using System;
using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>
/// Turns an exception into the Runtime API's error body: type name, message and stack trace lines.
/// </summary>
internal static class ErrorReport
{
    // Deep cause chains add noise, not insight; AWS's runtimes cap them too.
    private const int MaxCauses = 5;

    public static RuntimeErrorBody From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        // An event of the wrong shape is the caller's mistake, and its message says which shape fits: the frames
        // would only show the SDK's and System.Text.Json's insides.
        if (exception is InvalidEventException)
        {
            return new RuntimeErrorBody(exception.Message, TypeName(exception), []);
        }

        var lines = new List<string>();
        AddStackLines(lines, exception);

        var cause = exception.InnerException;
        for (var depth = 0; cause is not null && depth < MaxCauses; depth++, cause = cause.InnerException)
        {
            lines.Add($"Caused by {TypeName(cause)}: {cause.Message}");
            AddStackLines(lines, cause);
        }

        return new RuntimeErrorBody(exception.Message, TypeName(exception), lines);
    }

    public static string TypeName(Exception exception) => exception.GetType().Name;

    private static void AddStackLines(List<string> lines, Exception exception)
    {
        var stackTrace = exception.StackTrace;
        if (string.IsNullOrEmpty(stackTrace))
        {
            return;
        }

        const StringSplitOptions Options = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        foreach (var line in stackTrace.Split('\n', Options))
        {
            lines.Add(line);
        }
    }
}
