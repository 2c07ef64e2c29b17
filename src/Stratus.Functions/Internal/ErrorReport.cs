using System;
using System.Collections.Generic;
using System.Linq;

namespace Stratus.Functions.Internal;

/// <summary>
/// Turns an exception into the Runtime API's error body: type name, message, stack trace lines, and its inner
/// exceptions as nested causes.
/// </summary>
internal static class ErrorReport
{
    // Each cause is one level of JSON nesting, and an aggregate's list two; System.Text.Json refuses to write
    // more than 64. A chain deeper than this (a retry wrapper rethrowing in a loop) is cut here, the outermost
    // causes kept. AWS's .NET runtime has no such cut, only its 256 KB cap on the whole body.
    private const int MaxNesting = 24;

    public static RuntimeErrorBody From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);

        // An event of the wrong shape is the caller's mistake, and its message says which shape fits: the frames
        // would only show the SDK's and System.Text.Json's insides.
        if (exception is InvalidEventException)
        {
            return new RuntimeErrorBody(exception.Message, TypeName(exception), []);
        }

        return Describe(exception, MaxNesting);
    }

    public static string TypeName(Exception exception) => exception.GetType().Name;

    private static RuntimeErrorBody Describe(Exception exception, int nestingLeft)
    {
        var body = new RuntimeErrorBody(exception.Message, TypeName(exception), StackLines(exception));
        if (nestingLeft <= 0)
        {
            return body;
        }

        // As AWS's .NET runtime: an aggregate's first inner exception is its cause, and all of them its causes.
        var causes = exception is AggregateException { InnerExceptions.Count: > 0 } aggregate
            ? aggregate.InnerExceptions.Select(inner => Describe(inner, nestingLeft - 2)).ToList()
            : null;
        var cause = exception.InnerException is { } innerException
            ? Describe(innerException, nestingLeft - 1)
            : null;
        return body with { Cause = cause, Causes = causes };
    }

    private static List<string> StackLines(Exception exception)
    {
        var stackTrace = exception.StackTrace;
        if (string.IsNullOrEmpty(stackTrace))
        {
            return [];
        }

        const StringSplitOptions Options = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        return [.. stackTrace.Split('\n', Options)];
    }
}
