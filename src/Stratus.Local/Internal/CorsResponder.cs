using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Stratus.Local.Internal;

/// <summary>API Gateway's CORS: preflight answers for both API types and the HTTP API's added headers.</summary>
/// <remarks>
/// HTTP API, per AWS's "Configure CORS for HTTP APIs": the gateway answers preflight OPTIONS requests itself
/// even with no OPTIONS route (but the <c>$default</c> route "catches requests for all methods and routes that
/// you haven't explicitly defined, including OPTIONS requests", so a preflight no other route takes goes to it),
/// adds the configured headers to integration answers, ignores CORS headers the
/// integration returns, and needs an <c>Origin</c> header (plus <c>Access-Control-Request-Method</c> for a
/// preflight). REST: the Serverless Framework adds a MOCK OPTIONS method to each path with <c>cors</c>; the
/// function's own answers are passed through unchanged, so a lambda-proxy function sets its CORS headers itself.
/// HTTP API origins match exactly, by '*', or by a prefix ending in '*': AWS's examples allow 'https://*' and
/// 'http://*' (any origin beginning so). Limitation: the gateway's own error answers (404, 500) get no CORS
/// headers.
/// </remarks>
internal static class CorsResponder
{
    private const string HeaderPrefix = "Access-Control-";

    /// <summary>Whether an OPTIONS request is a CORS preflight as the HTTP API recognises one.</summary>
    public static bool IsHttpApiPreflight(HttpRequest request) =>
        HttpMethods.IsOptions(request.Method)
        && request.Headers.Origin.Count > 0
        && request.Headers.AccessControlRequestMethod.Count > 0;

    /// <summary>The HTTP API's own preflight answer: 204, with the configured headers for an allowed origin.</summary>
    public static GatewayAnswer HttpApiPreflight(
        LocalCors cors,
        IReadOnlyList<string> routeMethods,
        HttpRequest request)
    {
        var headers = new List<KeyValuePair<string, string>>();
        AddPreflightHeaders(headers, cors, routeMethods, request);
        return new GatewayAnswer(StatusCodes.Status204NoContent, headers, []);
    }

    /// <summary>
    /// A preflight the <c>$default</c> route caught, answered by its function: the function's CORS headers are
    /// replaced with the configured preflight ones, as for any integration answer.
    /// </summary>
    /// <remarks>
    /// AWS says the gateway ignores an integration's CORS headers and adds its configured ones, but not which
    /// ones it adds to a preflight that reached an integration; the preflight set is assumed, so that the
    /// browser's check sees what the configuration allows.
    /// </remarks>
    public static GatewayAnswer ApplyHttpApiPreflight(
        LocalCors cors,
        IReadOnlyList<string> routeMethods,
        HttpRequest request,
        GatewayAnswer answer)
    {
        var headers = WithoutCorsHeaders(answer);
        AddPreflightHeaders(headers, cors, routeMethods, request);
        return answer with { Headers = headers };
    }

    /// <summary>The Serverless Framework's REST MOCK preflight answer: 200, empty body.</summary>
    public static GatewayAnswer RestPreflight(LocalCors cors, IReadOnlyList<string> methods, HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();

        var allowOrigin = RestAllowedOrigin(cors, origin);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Access-Control-Allow-Origin", allowOrigin),
            new("Access-Control-Allow-Headers", string.Join(',', cors.AllowedHeaders)),
            new("Access-Control-Allow-Methods", string.Join(',', methods)),
        };
        if (cors.AllowCredentials)
        {
            headers.Add(new("Access-Control-Allow-Credentials", "true"));
        }

        if (cors.MaxAge is { } maxAge)
        {
            headers.Add(new("Access-Control-Max-Age", maxAge.ToString(CultureInfo.InvariantCulture)));
        }

        if (cors.CacheControl is { } cacheControl)
        {
            headers.Add(new("Cache-Control", cacheControl));
        }

        headers.Add(new("Content-Type", "application/json"));
        return new GatewayAnswer(StatusCodes.Status200OK, headers, []);
    }

    /// <summary>Replaces the integration's CORS headers with the HTTP API's configured ones.</summary>
    public static GatewayAnswer ApplyHttpApi(LocalCors cors, GatewayAnswer answer, string? origin)
    {
        var headers = WithoutCorsHeaders(answer);
        if (!string.IsNullOrEmpty(origin) && AllowedOrigin(cors, origin) is { } allowed)
        {
            headers.Add(new("access-control-allow-origin", allowed));
            AddCommon(headers, cors, exposeHeaders: true);
        }

        return answer with { Headers = headers };
    }

    /// <summary>
    /// The framework's REST preflight origin, from settings merged as compileCors does: without templated origins,
    /// the singular origin as written (a wildcard such as 'https://*.example.com' too, which no browser accepts);
    /// with them, the request's Origin when the response template matches it against an entry (a '*' inside an
    /// entry stands for one or more characters), else the first entry as written, as the deployed mock sends it.
    /// </summary>
    private static string RestAllowedOrigin(LocalCors cors, string origin)
    {
        var sent = cors.Origin ?? cors.AllowedOrigins.DefaultIfEmpty("*").First();
        var matched = origin.Length > 0 && cors.AllowedOrigins.Any(entry => MatchesOriginEntry(entry, origin));
        return matched ? origin : sent;
    }

    /// <summary>
    /// Whether <paramref name="origin"/> matches an entry as the framework's regexifyWildcards pattern does: the
    /// whole origin, case-sensitive, with the entry's first '*' standing for one or more characters.
    /// </summary>
    private static bool MatchesOriginEntry(string entry, string origin)
    {
        var star = entry.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return string.Equals(entry, origin, StringComparison.Ordinal);
        }

        var (before, after) = (entry[..star], entry[(star + 1)..]);
        return origin.Length > before.Length + after.Length
            && origin.StartsWith(before, StringComparison.Ordinal)
            && origin.EndsWith(after, StringComparison.Ordinal);
    }

    /// <summary>The Access-Control-Allow-Origin value for a request origin, or null when it is not allowed.</summary>
    /// <remarks>
    /// AWS's allowOrigins examples: 'https://www.example.com', '*', and 'https://*' or 'http://*' for any origin
    /// beginning so (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html).
    /// </remarks>
    private static string? AllowedOrigin(LocalCors cors, string origin)
    {
        if (cors.AllowedOrigins.Contains("*"))
        {
            // '*' never comes with credentials: API Gateway refuses that configuration at deploy, and so does the
            // model (STR1232).
            return "*";
        }

        foreach (var allowed in cors.AllowedOrigins)
        {
            if (string.Equals(allowed, origin, StringComparison.OrdinalIgnoreCase))
            {
                return allowed;
            }

            // 'https://*' names no one origin, so the browser is given the one that matched it.
            if (allowed.EndsWith('*')
                && origin.Length >= allowed.Length
                && origin.StartsWith(allowed[..^1], StringComparison.OrdinalIgnoreCase))
            {
                return origin;
            }
        }

        return null;
    }

    private static List<KeyValuePair<string, string>> WithoutCorsHeaders(GatewayAnswer answer) =>
        answer.Headers
            .Where(header => !header.Key.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static void AddPreflightHeaders(
        List<KeyValuePair<string, string>> headers,
        LocalCors cors,
        IReadOnlyList<string> routeMethods,
        HttpRequest request)
    {
        if (AllowedOrigin(cors, request.Headers.Origin.ToString()) is not { } allowed)
        {
            return;
        }

        headers.Add(new("access-control-allow-origin", allowed));
        headers.Add(new("access-control-allow-methods", string.Join(',', cors.AllowedMethods ?? routeMethods)));
        if (cors.AllowedHeaders.Count > 0)
        {
            headers.Add(new("access-control-allow-headers", string.Join(',', cors.AllowedHeaders)));
        }

        AddCommon(headers, cors, exposeHeaders: false);
    }

    private static void AddCommon(List<KeyValuePair<string, string>> headers, LocalCors cors, bool exposeHeaders)
    {
        if (cors.AllowCredentials)
        {
            headers.Add(new("access-control-allow-credentials", "true"));
        }

        if (exposeHeaders && cors.ExposedHeaders.Count > 0)
        {
            headers.Add(new("access-control-expose-headers", string.Join(',', cors.ExposedHeaders)));
        }

        if (!exposeHeaders && cors.MaxAge is { } maxAge)
        {
            headers.Add(new("access-control-max-age", maxAge.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
