using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Stratus.Functions.Testing.Internal;

/// <summary>
/// Pieces shared by the request builders: paths, query strings, route templates and API Gateway times.
/// </summary>
internal static class RequestParts
{
    public const string AccountId = "123456789012";
    public const string ApiId = "testapi";
    public const string DomainName = "testapi.execute-api.us-east-1.amazonaws.com";
    public const string UserAgent = "Stratus.Functions.Testing";

    /// <summary>Splits "/users?limit=5" into its path and its query string ("limit=5"), kept as written.</summary>
    public static (string Path, string RawQuery) SplitPath(string pathAndQuery)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathAndQuery);

        var mark = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return mark < 0 ? (pathAndQuery, "") : (pathAndQuery[..mark], pathAndQuery[(mark + 1)..]);
    }

    /// <summary>The query string with one more parameter, percent-encoded as a client sends it.</summary>
    public static string AppendQuery(string rawQuery, string name, string value)
    {
        var part = Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);
        return rawQuery.Length == 0 ? part : rawQuery + "&" + part;
    }

    /// <summary>
    /// An HTTP API's path as its events carry it (rawPath too, despite its name): decoded, cut at a '?' that
    /// decoding made, and decoded again, as paths captured from AWS show (hotsock/voker ingress-paths.json; the
    /// local gateway's HttpApiPath reads them alike).
    /// </summary>
    /// <exception cref="ArgumentException">A '%' is left that is no escape, which AWS refuses with 400.</exception>
    public static string DecodedPath(string path)
    {
        var once = Uri.UnescapeDataString(path);
        var question = once.IndexOf('?', StringComparison.Ordinal);
        var cut = question < 0 ? once : once.Substring(0, question);
        for (var i = cut.IndexOf('%'); i >= 0; i = cut.IndexOf('%', i + 1))
        {
            if (i + 2 >= cut.Length || !Uri.IsHexDigit(cut[i + 1]) || !Uri.IsHexDigit(cut[i + 2]))
            {
                throw new ArgumentException(
                    $"The path '{path}' holds a '%' that is no escape once decoded; an HTTP API answers such a " +
                    "request 400 before any function runs. Test that with `stratus dev`, or encode the path once.",
                    nameof(path));
            }
        }

        return Uri.UnescapeDataString(cut);
    }

    /// <summary>Groups repeated names, keeping first-seen order.</summary>
    public static Dictionary<string, List<string>> Group(
        IEnumerable<KeyValuePair<string, string>> pairs,
        StringComparer comparer)
    {
        var groups = new Dictionary<string, List<string>>(comparer);
        foreach (var pair in pairs)
        {
            if (!groups.TryGetValue(pair.Key, out var values))
            {
                values = [];
                groups[pair.Key] = values;
            }

            values.Add(pair.Value);
        }

        return groups;
    }

    /// <summary>
    /// Guesses the route template from a concrete path and its parameters: "/users/42" with id=42 gives
    /// "/users/{id}". Tests that care about the exact route set it explicitly.
    /// </summary>
    public static string RouteTemplate(string path, IReadOnlyDictionary<string, string> parameters)
    {
        if (parameters.Count == 0)
        {
            return path;
        }

        var unused = new Dictionary<string, string>(parameters, StringComparer.Ordinal);
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = Uri.UnescapeDataString(segments[i]);
            var match = unused.FirstOrDefault(pair => pair.Value.Length > 0 && pair.Value == segment);
            if (match.Key is not null)
            {
                segments[i] = $"{{{match.Key}}}";
                unused.Remove(match.Key);
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>Formats a time as API Gateway does, such as "12/Mar/2020:19:03:58 +0000".</summary>
    public static string ClfTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public static string NewRequestId() => Guid.NewGuid().ToString();

    /// <summary>An HTTP API's request id, in API Gateway's shape: 11 random bytes as 16 characters of base64.</summary>
    public static string NewHttpApiRequestId() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()[..11]);

    public static string Base64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes);

    public static string Utf8Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
