using System;
using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>
/// Reads a raw query string as API Gateway decodes it: an HTTP API request's values from its rawQueryString, and
/// the test request builders' parameters for both API types.
/// </summary>
/// <remarks>
/// An HTTP API request's values are decoded as the HTTP API decodes its queryStringParameters, so that both of a
/// request's accessors agree: percent escapes only, with '+' kept as it was sent. Limitation: AWS's HTTP API
/// documentation does not say how '+' is decoded; Stratus's local gateway keeps it literal (see its
/// GatewayRequest), and this follows it.
/// </remarks>
internal static class QueryString
{
    public static IReadOnlyList<string> Values(string? rawQueryString, string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        var values = new List<string>();
        foreach (var (key, value) in Decode(rawQueryString, restApi: false))
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                values.Add(value);
            }
        }

        return values;
    }

    /// <summary>
    /// The query string decoded into name/value pairs, in order, as each API type decodes it (and Stratus's local
    /// gateway): a REST API reads '+' as a space and splits parameters on an unencoded ';' as on '&amp;'; an HTTP
    /// API keeps '+' and splits on '&amp;' only. A part without '=' is a name with an empty value.
    /// </summary>
    public static List<KeyValuePair<string, string>> Decode(string? rawQueryString, bool restApi)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(rawQueryString))
        {
            return pairs;
        }

        char[] separators = restApi ? ['&', ';'] : ['&'];
        foreach (var part in rawQueryString.Split(separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(Unescape(name, plusIsSpace: restApi), Unescape(value, plusIsSpace: restApi)));
        }

        return pairs;
    }

    private static string Unescape(string value, bool plusIsSpace) =>
        Uri.UnescapeDataString(plusIsSpace ? value.Replace('+', ' ') : value);
}
