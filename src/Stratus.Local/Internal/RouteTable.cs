using Microsoft.AspNetCore.Http;

namespace Stratus.Local.Internal;

/// <summary>Every API Gateway route of the service, and the rules that pick one for a request.</summary>
internal sealed class RouteTable
{
    private static readonly string[] AnyMethods = ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"];

    private readonly List<RouteEntry> _entries = [];

    /// <exception cref="ArgumentException">A route is invalid or declared twice.</exception>
    public RouteTable(IEnumerable<LocalFunction> functions)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in functions)
        {
            foreach (var route in function.Routes)
            {
                var entry = CreateEntry(function, route);
                var key = $"{route.Api} {entry.Method} {entry.Template.Path}";
                if (!seen.TryAdd(key, function.Key))
                {
                    throw new ArgumentException(
                        $"Route '{entry.RouteKey}' of the {route.Api} is declared by both " +
                        $"'{seen[key]}' and '{function.Key}'; give each route one function.");
                }

                _entries.Add(entry);
            }
        }

        HasRestApi = _entries.Any(entry => entry.Route.Api == ApiKind.RestApi);
        HasHttpApi = _entries.Any(entry => entry.Route.Api == ApiKind.HttpApi);
        HttpApiMethods = MethodsOf(_entries.Where(entry => entry.Route.Api == ApiKind.HttpApi));
    }

    /// <summary>The HTTP API routes' methods plus OPTIONS, every method when a route takes any.</summary>
    public IReadOnlyList<string> HttpApiMethods { get; }

    public bool HasRestApi { get; }

    public bool HasHttpApi { get; }

    public IReadOnlyList<RouteEntry> Entries => _entries;

    /// <summary>
    /// Finds the most specific route of <paramref name="api"/> for a method and path segments as that API routes
    /// on them: a REST API on the path as sent, an HTTP API on the decoded path (see ApiGateway).
    /// </summary>
    public RouteMatch? Match(ApiKind api, string method, string[] segments)
    {
        RouteMatch? best = null;
        foreach (var entry in _entries)
        {
            if (entry.Route.Api != api || !(entry.IsAnyMethod || entry.Method == method))
            {
                continue;
            }

            if (entry.Template.Match(segments, decoded: api == ApiKind.HttpApi) is not { } parameters)
            {
                continue;
            }

            if (best is null || IsBetter(entry, best.Entry))
            {
                best = new RouteMatch(entry, parameters);
            }
        }

        return best;
    }

    /// <summary>
    /// Whether the path segments under the stage name a REST resource: the root, which every REST API has, or a
    /// route's path (of any method) or one of its parents.
    /// </summary>
    public bool HasRestResource(string[] segments)
    {
        if (!HasRestApi)
        {
            return false;
        }

        if (segments.Length == 0)
        {
            return true;
        }

        foreach (var entry in _entries)
        {
            if (entry.Route.Api == ApiKind.RestApi && entry.Template.NamesResourceOrParent(segments))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The CORS settings and methods of the REST resource a preflight targets, or null without CORS.</summary>
    /// <remarks>An explicit OPTIONS route wins: then the function answers, as the framework adds no mock.</remarks>
    public (LocalCors Cors, IReadOnlyList<string> Methods)? RestCorsFor(string[] segments)
    {
        if (Match(ApiKind.RestApi, HttpMethods.Options, segments) is { Entry.IsAnyMethod: false })
        {
            return null;
        }

        RouteEntry? best = null;
        foreach (var entry in _entries)
        {
            if (entry.Route is { Api: ApiKind.RestApi, Cors: not null }
                && entry.Template.Match(segments) is not null
                && (best is null || entry.Template.CompareSpecificity(best.Template) < 0))
            {
                best = entry;
            }
        }

        if (best is null)
        {
            return null;
        }

        var resource = _entries
            .Where(entry => entry.Route is { Api: ApiKind.RestApi, Cors: not null }
                && entry.Template.Path == best.Template.Path)
            .ToList();
        var merged = MergeRestCors(resource);
        return (merged, merged.AllowedMethods!);
    }

    /// <summary>
    /// The Serverless Framework makes one OPTIONS mock per REST path from every cors-enabled event on it: methods,
    /// <c>origins</c> and headers are united, the last event's <c>origin</c> is kept, credentials are allowed when
    /// any event allows them, and the last event that sets maxAge or cacheControl wins. Each event adds OPTIONS and
    /// its own method to its methods, and ANY stands for DELETE, GET, HEAD, PATCH, POST and PUT (browsers do not
    /// know ANY).
    /// </summary>
    /// <returns>
    /// The merged settings as compileCors (Serverless Framework 3.40, cors.js) uses them: AllowedOrigins the
    /// entries the response template matches (empty for none), Origin the value sent otherwise.
    /// </returns>
    private static LocalCors MergeRestCors(IReadOnlyList<RouteEntry> resource)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        var origins = new List<string>();
        var headers = new List<string>();
        var merged = new LocalCors();
        string? origin = null;
        foreach (var entry in resource)
        {
            var cors = entry.Route.Cors!;
            foreach (var method in cors.AllowedMethods ?? [])
            {
                AddMethod(methods, method);
            }

            AddMethod(methods, HttpMethods.Options);
            AddMethod(methods, entry.IsAnyMethod ? "ANY" : entry.Method);
            AddMissing(origins, cors.AllowedOrigins);
            origin = cors.Origin;
            AddMissing(headers, cors.AllowedHeaders);
            merged = merged with
            {
                AllowCredentials = merged.AllowCredentials || cors.AllowCredentials,
                MaxAge = cors.MaxAge ?? merged.MaxAge,
                CacheControl = cors.CacheControl ?? merged.CacheControl,
            };
        }

        // compileCors: an origin with a comma replaces the origins with its parts; with origins, the first is sent
        // unless the template matches the request's Origin.
        IReadOnlyList<string> templated = origin is not null && origin.Contains(',', StringComparison.Ordinal)
            ? origin.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : origins;
        return merged with
        {
            AllowedMethods = [.. methods],
            AllowedOrigins = templated,
            Origin = templated.Count > 0 ? templated[0] : origin ?? "*",
            AllowedHeaders = headers,
        };
    }

    private static void AddMissing(List<string> list, IEnumerable<string> items) =>
        list.AddRange(items.Where(item => !list.Contains(item, StringComparer.Ordinal)).Distinct().ToList());

    private static string[] MethodsOf(IEnumerable<RouteEntry> entries)
    {
        // As the framework fills an HTTP API's cors methods: each route's method, ANY as every method, OPTIONS.
        var methods = new SortedSet<string>(StringComparer.Ordinal) { HttpMethods.Options };
        foreach (var entry in entries)
        {
            AddMethod(methods, entry.IsAnyMethod ? "ANY" : entry.Method);
        }

        return [.. methods];
    }

    /// <summary>Adds a method a CORS answer allows; ANY stands for every method (browsers do not know it).</summary>
    private static void AddMethod(SortedSet<string> methods, string method)
    {
        if (method == "ANY")
        {
            methods.UnionWith(AnyMethods);
        }
        else
        {
            methods.Add(method);
        }
    }

    private static bool IsBetter(RouteEntry candidate, RouteEntry current)
    {
        if (candidate.Route.Api == ApiKind.HttpApi && HasGreedyOnlyOnOneSide(candidate, current))
        {
            // "Routing API requests" (http-api-develop-routes.html) ranks "1. Full match for a route and method"
            // above "2. Match for a route and method with a greedy path variable", whatever the segments before
            // it: GET /p/{a}/{b} beats GET /p/x/{proxy+} for /p/x/y. A REST API walks its resource tree instead.
            return !candidate.Template.HasGreedyTail;
        }

        var order = candidate.Template.CompareSpecificity(current.Template);
        if (order != 0)
        {
            return order < 0;
        }

        // Same path shape: an exact method beats ANY.
        return !candidate.IsAnyMethod && current.IsAnyMethod;
    }

    /// <summary>Whether exactly one of two routes other than <c>$default</c> ends in a greedy variable.</summary>
    private static bool HasGreedyOnlyOnOneSide(RouteEntry candidate, RouteEntry current) =>
        !candidate.Template.IsDefault
        && !current.Template.IsDefault
        && candidate.Template.HasGreedyTail != current.Template.HasGreedyTail;

    private static RouteEntry CreateEntry(LocalFunction function, LocalRoute route)
    {
        var method = route.Method.Trim().ToUpperInvariant();
        var isAny = method is "ANY" or "*";
        if (route.Api == ApiKind.RestApi && route.Path == RouteTemplate.DefaultRoute)
        {
            throw new ArgumentException(
                $"Function '{function.Key}' has REST API route '$default', which only HTTP APIs have; " +
                "use a path such as '/{proxy+}'.");
        }

        if (route.PayloadVersion is not ("1.0" or "2.0"))
        {
            throw new ArgumentException(
                $"Function '{function.Key}' has route '{route.Path}' with payload version " +
                $"'{route.PayloadVersion}'; use '1.0' or '2.0'.");
        }

        var template = RouteTemplate.Parse(route.Path, function.Key);
        return new RouteEntry(function, route, template, isAny ? "ANY" : method, isAny);
    }
}

/// <summary>One route bound to its function.</summary>
internal sealed record RouteEntry(
    LocalFunction Function,
    LocalRoute Route,
    RouteTemplate Template,
    string Method,
    bool IsAnyMethod)
{
    /// <summary>The HTTP API route key, such as <c>GET /hello</c> or <c>$default</c>.</summary>
    public string RouteKey => Template.IsDefault ? RouteTemplate.DefaultRoute : $"{Method} {Template.Path}";

    /// <summary>Whether the function receives the 1.0 (REST-style) event.</summary>
    public bool UsesV1Payload => Route.Api == ApiKind.RestApi || Route.PayloadVersion == "1.0";
}

/// <summary>A matched route and its path parameters as its API delivers them: as sent (REST), decoded (HTTP).</summary>
internal sealed record RouteMatch(RouteEntry Entry, IReadOnlyList<KeyValuePair<string, string>> Parameters);
