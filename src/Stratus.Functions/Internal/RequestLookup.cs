using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace Stratus.Functions.Internal;

/// <summary>
/// Lookups shared by both request shapes: exact names for parameters, case-insensitive for headers.
/// </summary>
internal static class RequestLookup
{
    public static bool TryGetExact(
        IReadOnlyDictionary<string, string>? values,
        string name,
        [NotNullWhen(true)] out string? value)
    {
        ArgumentNullException.ThrowIfNull(name);

        value = null;
        return values is not null && values.TryGetValue(name, out value) && value is not null;
    }

    public static string? Header(IReadOnlyDictionary<string, string>? headers, string name) =>
        TryGetIgnoreCase(headers, name, out var value) ? value : null;

    public static bool TryGetIgnoreCase<TValue>(
        IReadOnlyDictionary<string, TValue>? values,
        string name,
        [NotNullWhen(true)] out TValue? value)
    {
        ArgumentNullException.ThrowIfNull(name);

        value = default;
        if (values is null)
        {
            return false;
        }

        // HTTP APIs send lower-case names and REST APIs send names as the client wrote them;
        // try the cheap exact lookups before scanning.
        if ((values.TryGetValue(name, out value) || values.TryGetValue(name.ToLowerInvariant(), out value))
            && value is not null)
        {
            return true;
        }

        foreach (var pair in values)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase) && pair.Value is not null)
            {
                value = pair.Value;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An event with no route at all was written by hand (`invoke local`'s default is {}), not sent by API
    /// Gateway: the fix is then in the event, not in serverless.yml.
    /// </summary>
    public static InvalidOperationException MissingPathParameter(string name, string route) =>
        string.IsNullOrEmpty(route)
            ? new($"Path parameter '{name}' is missing: the event names no route and has no pathParameters, as a "
                + "hand-written event (or invoke local's default, {}) may. "
                + $"Fix: give the event \"pathParameters\": {{\"{name}\": \"...\"}}, or invoke the function "
                + "through its route under `stratus dev`.")
            : new($"Path parameter '{name}' is missing from the request to route '{route}'. "
                + $"Fix: declare it in the route's path in serverless.yml, such as 'path: /items/{{{name}}}'.");
}
