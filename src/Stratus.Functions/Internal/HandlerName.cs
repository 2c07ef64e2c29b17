using System;
using System.Collections.Generic;
using System.Linq;

namespace Stratus.Functions.Internal;

/// <summary>
/// Parses _HANDLER. Stratus writes "Assembly::Namespace.TypeName"; the Serverless Framework's .NET form
/// "Assembly::Namespace.TypeName::Method" and a bare "Namespace.TypeName" are accepted too.
/// </summary>
internal static class HandlerName
{
    public static string Of(Type handlerType) => handlerType.FullName ?? handlerType.Name;

    /// <summary>
    /// Returns the type full name _HANDLER names, or null when the value has no usable type part.
    /// </summary>
    public static string? ParseTypeName(string? handler)
    {
        if (string.IsNullOrWhiteSpace(handler))
        {
            return null;
        }

        var parts = handler.Trim().Split("::");
        var typeName = parts.Length switch
        {
            1 => parts[0],
            2 or 3 => parts[1],
            _ => null,
        };
        return string.IsNullOrWhiteSpace(typeName) ? null : typeName.Trim();
    }

    /// <summary>Finds the registered handler a _HANDLER value names, or explains why none matches.</summary>
    /// <param name="handler">The value, such as "Assembly::Namespace.TypeName".</param>
    /// <param name="registered">The registered handler names.</param>
    /// <param name="selected">The selected handler name.</param>
    /// <param name="error">Why nothing was selected.</param>
    /// <param name="variable">The variable the value came from, for the error message.</param>
    public static bool TrySelect(
        string? handler,
        IReadOnlyList<string> registered,
        out string selected,
        out string error,
        string variable = EnvironmentNames.Handler)
    {
        ArgumentNullException.ThrowIfNull(registered);

        selected = "";
        error = "";
        var typeName = ParseTypeName(handler);
        if (typeName is not null && registered.Contains(typeName, StringComparer.Ordinal))
        {
            selected = typeName;
            return true;
        }

        error = Explain(variable, handler, typeName, registered);
        return false;
    }

    private static string Explain(string variable, string? handler, string? typeName, IReadOnlyList<string> registered)
    {
        var known = registered.Count == 0
            ? "No handlers are registered; call app.AddHandler<THandler>() in FunctionApp.RunAsync."
            : "Registered handlers: " + string.Join(", ", registered.Select(name => $"'{name}'")) + ".";
        var found = typeName is not null
            ? $"{variable} '{handler}' names type '{typeName}', which is not a registered handler."
            : string.IsNullOrWhiteSpace(handler)
                ? $"{variable} is not set, so no handler can be selected."
                : $"{variable} '{handler}' is not of the form 'Assembly::Namespace.TypeName'.";
        return $"{found} {known} Fix: set the function's handler in serverless.yml to "
            + "'Assembly::Namespace.TypeName' of a registered handler, or register the type with AddHandler.";
    }
}
