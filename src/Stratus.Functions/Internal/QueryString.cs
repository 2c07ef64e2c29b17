using System;
using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>
/// Reads a raw query string as API Gateway decodes it: an HTTP API request's values from its rawQueryString, and
/// the test request builders' parameters for both API types.
/// </summary>
/// <remarks>
/// An HTTP API request's values are decoded as the HTTP API decodes its queryStringParameters, so that both of a
/// request's accessors agree: '+' is a space and percent escapes are decoded. AWS's documentation does not say how
/// '+' is decoded; an HTTP API event captured from CloudWatch has <c>"a b"</c> for <c>a+b</c> and <c>"a+b"</c> for
/// <c>a%2Bb</c> (hotsock/voker, vokerhttp/testdata/apigwv2-request.json), as REST events have.
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
    /// gateway): both read '+' as a space; a REST API splits parameters on an unencoded ';' as on '&amp;', an HTTP
    /// API on '&amp;' only. A part without '=' is a name with an empty value.
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
            pairs.Add(new(Unescape(name), Unescape(value)));
        }

        return pairs;
    }

    private static string Unescape(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
