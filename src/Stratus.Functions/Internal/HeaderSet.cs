using System;
using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>
/// Builds response header maps whose names compare case-insensitively, as HTTP header names do.
/// </summary>
internal static class HeaderSet
{
    public static IReadOnlyDictionary<string, string> Single(string name, string value) =>
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [name] = value };

    public static IReadOnlyDictionary<string, string> With(
        IReadOnlyDictionary<string, string>? headers,
        string name,
        string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        var copy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (headers is not null)
        {
            foreach (var pair in headers)
            {
                copy[pair.Key] = pair.Value;
            }
        }

        copy[name] = value;
        return copy;
    }
}
