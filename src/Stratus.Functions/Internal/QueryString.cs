using System;
using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>Reads values from a raw query string, as HTTP APIs send it in rawQueryString.</summary>
/// <remarks>
/// Values are decoded as the HTTP API decodes its queryStringParameters, so that both of a request's accessors
/// agree: percent escapes only, with '+' kept as it was sent. Limitation: AWS's HTTP API documentation does not say
/// how '+' is decoded; Stratus's local gateway keeps it literal (see its GatewayRequest), and this follows it.
/// </remarks>
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

    private static string Unescape(string value) => Uri.UnescapeDataString(value);
}
