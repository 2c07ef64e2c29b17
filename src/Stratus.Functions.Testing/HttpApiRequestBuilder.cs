using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;
using Stratus.Functions.Testing.Internal;

namespace Stratus.Functions.Testing;

/// <summary>
/// Builds an <see cref="HttpApiRequest"/> (payload 2.0) filled in as API Gateway would: raw path and query,
/// lower-case headers, route key, and a request context with the HTTP method, path and source IP.
/// </summary>
public sealed class HttpApiRequestBuilder
{
    private readonly string _method;
    private readonly string _path;
    private string _rawQuery;
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private readonly Dictionary<string, string> _pathParameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _stageVariables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _claims = new(StringComparer.Ordinal);
    private readonly List<string> _cookies = [];
    private string? _routeKey;
    private string? _body;
    private bool _isBase64Encoded;
    private string _stage = "$default";
    private string _sourceIp = "127.0.0.1";
    private DateTimeOffset? _time;

    private HttpApiRequestBuilder(string method, string pathAndQuery)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);

        _method = method.ToUpperInvariant();
        (_path, _rawQuery) = RequestParts.SplitPath(pathAndQuery);
    }

    /// <summary>
    /// Starts a request with any method; a query string in the path is parsed into parameters.
    /// </summary>
    public static HttpApiRequestBuilder Create(string method, string path) => new(method, path);

    /// <summary>Starts a GET request.</summary>
    public static HttpApiRequestBuilder Get(string path) => new("GET", path);

    /// <summary>Starts a POST request.</summary>
    public static HttpApiRequestBuilder Post(string path) => new("POST", path);

    /// <summary>Starts a PUT request.</summary>
    public static HttpApiRequestBuilder Put(string path) => new("PUT", path);

    /// <summary>Starts a PATCH request.</summary>
    public static HttpApiRequestBuilder Patch(string path) => new("PATCH", path);

    /// <summary>Starts a DELETE request.</summary>
    public static HttpApiRequestBuilder Delete(string path) => new("DELETE", path);

    /// <summary>
    /// Sets the matched route, such as "GET /users/{id}" (by default guessed from the path parameters).
    /// </summary>
    public HttpApiRequestBuilder WithRouteKey(string routeKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(routeKey);

        _routeKey = routeKey;
        return this;
    }

    /// <summary>Adds a route parameter, as API Gateway extracts it from the path.</summary>
    public HttpApiRequestBuilder WithPathParameter(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        _pathParameters[name] = value;
        return this;
    }

    /// <summary>Adds a query parameter; repeating a name adds another value.</summary>
    public HttpApiRequestBuilder WithQuery(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        _rawQuery = RequestParts.AppendQuery(_rawQuery, name, value);
        return this;
    }

    /// <summary>Adds a header; HTTP APIs lower-case names and join repeated values with commas.</summary>
    public HttpApiRequestBuilder WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        _headers.Add(new(name.ToLowerInvariant(), value));
        return this;
    }

    /// <summary>Adds a request cookie, which HTTP APIs deliver in the cookies list.</summary>
    public HttpApiRequestBuilder WithCookie(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        _cookies.Add($"{name}={value}");
        return this;
    }

    /// <summary>Sets a text body.</summary>
    public HttpApiRequestBuilder WithBody(string body)
    {
        _body = body;
        _isBase64Encoded = false;
        return this;
    }

    /// <summary>Sets a binary body, delivered base64-encoded as API Gateway does.</summary>
    public HttpApiRequestBuilder WithBinaryBody(ReadOnlySpan<byte> body)
    {
        _body = RequestParts.Base64(body);
        _isBase64Encoded = true;
        return this;
    }

    /// <summary>Sets <paramref name="value"/> as the JSON body and content-type application/json.</summary>
    public HttpApiRequestBuilder WithJsonBody<T>(T value, JsonTypeInfo<T> json)
    {
        ArgumentNullException.ThrowIfNull(json);

        _body = JsonSerializer.Serialize(value, json);
        _isBase64Encoded = false;
        _headers.RemoveAll(header => header.Key == "content-type");
        _headers.Add(new("content-type", HttpResults.JsonContentType));
        return this;
    }

    /// <summary>Adds a JWT claim, as an HTTP API JWT authorizer would pass it.</summary>
    public HttpApiRequestBuilder WithJwtClaim(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        _claims[name] = value;
        return this;
    }

    /// <summary>Sets the stage name ("$default" unless set).</summary>
    public HttpApiRequestBuilder WithStage(string stage)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);

        _stage = stage;
        return this;
    }

    /// <summary>Adds a stage variable.</summary>
    public HttpApiRequestBuilder WithStageVariable(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        _stageVariables[name] = value;
        return this;
    }

    /// <summary>Sets the caller's IP address ("127.0.0.1" unless set).</summary>
    public HttpApiRequestBuilder WithSourceIp(string sourceIp)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceIp);

        _sourceIp = sourceIp;
        return this;
    }

    /// <summary>Sets the request time (the system clock's now unless set).</summary>
    public HttpApiRequestBuilder WithTime(DateTimeOffset time)
    {
        _time = time;
        return this;
    }

    /// <summary>Builds the request.</summary>
    public HttpApiRequest Build()
    {
        var headers = Headers();
        var time = _time ?? TimeProvider.System.GetUtcNow();
        var routeKey = _routeKey ?? $"{_method} {RequestParts.RouteTemplate(_path, _pathParameters)}";
        var query = RequestParts.Group(
            QueryString.Decode(_rawQuery, restApi: false), StringComparer.Ordinal);

        return new HttpApiRequest
        {
            Version = "2.0",
            RouteKey = routeKey,
            RawPath = RequestParts.DecodedPath(_path),
            RawQueryString = _rawQuery,
            Cookies = _cookies.Count == 0 ? null : _cookies.ToArray(),
            Headers = headers,
            QueryStringParameters = query.Count == 0 ? null : JoinValues(query),
            PathParameters = CopyOrNull(_pathParameters),
            StageVariables = CopyOrNull(_stageVariables),
            RequestContext = new HttpApiRequestContext
            {
                AccountId = RequestParts.AccountId,
                ApiId = RequestParts.ApiId,
                Authorizer = _claims.Count == 0
                    ? null
                    : new HttpApiAuthorizer
                    {
                        Jwt = new HttpApiJwtAuthorizer { Claims = new Dictionary<string, string>(_claims) },
                    },
                DomainName = RequestParts.DomainName,
                DomainPrefix = RequestParts.ApiId,
                Http = new HttpApiHttpDescription
                {
                    Method = _method,
                    Path = RequestParts.DecodedPath(_path),
                    Protocol = "HTTP/1.1",
                    SourceIp = _sourceIp,
                    UserAgent = headers["user-agent"],
                },
                RequestId = RequestParts.NewHttpApiRequestId(),
                RouteKey = routeKey,
                Stage = _stage,
                Time = RequestParts.ClfTime(time),
                TimeEpoch = time.ToUnixTimeMilliseconds(),
            },
            Body = _body,
            IsBase64Encoded = _isBase64Encoded,
        };
    }

    /// <summary>Builds the request and returns it as the JSON Lambda would receive.</summary>
    public string BuildJson() => JsonSerializer.Serialize(Build(), SdkJsonContext.Default.HttpApiRequest);

    private Dictionary<string, string> Headers()
    {
        // API Gateway adds these to every request; a header the test sets wins.
        var defaults = new KeyValuePair<string, string>[]
        {
            new("host", RequestParts.DomainName),
            new("user-agent", RequestParts.UserAgent),
            new("x-forwarded-for", _sourceIp),
            new("x-forwarded-port", "443"),
            new("x-forwarded-proto", "https"),
        };
        var all = _headers.Concat(defaults.Where(header => _headers.All(set => set.Key != header.Key)));
        return JoinValues(RequestParts.Group(all, StringComparer.Ordinal));
    }

    // HTTP APIs join repeated header and query values with commas.
    private static Dictionary<string, string> JoinValues(Dictionary<string, List<string>> groups) =>
        groups.ToDictionary(pair => pair.Key, pair => string.Join(',', pair.Value), StringComparer.Ordinal);

    private static Dictionary<string, string>? CopyOrNull(Dictionary<string, string> values) =>
        values.Count == 0 ? null : new Dictionary<string, string>(values, StringComparer.Ordinal);
}
