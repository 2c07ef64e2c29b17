using System;
using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>Reads values from a raw query string, as HTTP APIs send it in rawQueryString.</summary>
internal static class QueryString
{
    public static IReadOnlyList<string> Values(string? rawQueryString, string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        if (string.IsNullOrEmpty(rawQueryString))
        {
            return [];
        }

        var values = new List<string>();
        foreach (var part in rawQueryString.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = Unescape(equals < 0 ? part : part[..equals]);
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                values.Add(equals < 0 ? "" : Unescape(part[(equals + 1)..]));
            }
        }

        return values;
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
