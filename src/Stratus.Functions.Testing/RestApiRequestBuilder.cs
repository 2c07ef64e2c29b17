using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;
using Stratus.Functions.Testing.Internal;

namespace Stratus.Functions.Testing;

/// <summary>
/// Builds a <see cref="RestApiRequest"/> (proxy payload 1.0) filled in as API Gateway would: resource, path,
/// single- and multi-value headers and query parameters, and a request context with stage and identity.
/// </summary>
public sealed class RestApiRequestBuilder
{
    private readonly string _method;
    private readonly string _path;
    private string _rawQuery;
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private readonly Dictionary<string, string> _pathParameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _stageVariables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _claims = new(StringComparer.Ordinal);
    private string? _resource;
    private string? _body;
    private bool _isBase64Encoded;
    private string _stage = "test";
    private string _sourceIp = "127.0.0.1";
    private DateTimeOffset? _time;

    private RestApiRequestBuilder(string method, string pathAndQuery)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);

        _method = method.ToUpperInvariant();
        (_path, _rawQuery) = RequestParts.SplitPath(pathAndQuery);
    }

    /// <summary>
    /// Starts a request with any method; a query string in the path is parsed into parameters.
    /// </summary>
    public static RestApiRequestBuilder Create(string method, string path) => new(method, path);

    /// <summary>Starts a GET request.</summary>
    public static RestApiRequestBuilder Get(string path) => new("GET", path);

    /// <summary>Starts a POST request.</summary>
    public static RestApiRequestBuilder Post(string path) => new("POST", path);

    /// <summary>Starts a PUT request.</summary>
    public static RestApiRequestBuilder Put(string path) => new("PUT", path);

    /// <summary>Starts a PATCH request.</summary>
    public static RestApiRequestBuilder Patch(string path) => new("PATCH", path);

    /// <summary>Starts a DELETE request.</summary>
    public static RestApiRequestBuilder Delete(string path) => new("DELETE", path);

    /// <summary>
    /// Sets the matched resource, such as "/users/{id}" (by default guessed from the path parameters).
    /// </summary>
    public RestApiRequestBuilder WithResource(string resource)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);

        _resource = resource;
        return this;
    }

    /// <summary>Sets the matched resource from a route key such as "GET /users/{id}".</summary>
    public RestApiRequestBuilder WithRouteKey(string routeKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(routeKey);

        var space = routeKey.IndexOf(' ', StringComparison.Ordinal);
        return WithResource(space < 0 ? routeKey : routeKey[(space + 1)..]);
    }

    /// <summary>Adds a path parameter, as API Gateway extracts it from the path.</summary>
    public RestApiRequestBuilder WithPathParameter(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        _pathParameters[name] = value;
        return this;
    }

    /// <summary>Adds a query parameter; repeating a name adds another value.</summary>
    public RestApiRequestBuilder WithQuery(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        _rawQuery = RequestParts.AppendQuery(_rawQuery, name, value);
        return this;
    }

    /// <summary>Adds a header, keeping the name as written; repeating a name adds another value.</summary>
    public RestApiRequestBuilder WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        _headers.Add(new(name, value));
        return this;
    }

    /// <summary>Sets a text body.</summary>
    public RestApiRequestBuilder WithBody(string body)
    {
        _body = body;
        _isBase64Encoded = false;
        return this;
    }

    /// <summary>Sets a binary body, delivered base64-encoded as API Gateway does.</summary>
    public RestApiRequestBuilder WithBinaryBody(ReadOnlySpan<byte> body)
    {
        _body = RequestParts.Base64(body);
        _isBase64Encoded = true;
        return this;
    }

    /// <summary>Sets <paramref name="value"/> as the JSON body and Content-Type application/json.</summary>
    public RestApiRequestBuilder WithJsonBody<T>(T value, JsonTypeInfo<T> json)
    {
        ArgumentNullException.ThrowIfNull(json);

        _body = JsonSerializer.Serialize(value, json);
        _isBase64Encoded = false;
        _headers.RemoveAll(header => string.Equals(header.Key, "content-type", StringComparison.OrdinalIgnoreCase));
        _headers.Add(new("Content-Type", HttpResults.JsonContentType));
        return this;
    }

    /// <summary>
    /// Adds a claim under requestContext.authorizer.claims, as a Cognito authorizer passes it.
    /// </summary>
    public RestApiRequestBuilder WithClaim(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);

        _claims[name] = value;
        return this;
    }

    /// <summary>Sets the stage name ("test" unless set).</summary>
    public RestApiRequestBuilder WithStage(string stage)
    {
        ArgumentException.ThrowIfNullOrEmpty(stage);

        _stage = stage;
        return this;
    }

    /// <summary>Adds a stage variable.</summary>
    public RestApiRequestBuilder WithStageVariable(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        _stageVariables[name] = value;
        return this;
    }

    /// <summary>Sets the caller's IP address ("127.0.0.1" unless set).</summary>
    public RestApiRequestBuilder WithSourceIp(string sourceIp)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceIp);

        _sourceIp = sourceIp;
        return this;
    }

    /// <summary>Sets the request time (the system clock's now unless set).</summary>
    public RestApiRequestBuilder WithTime(DateTimeOffset time)
    {
        _time = time;
        return this;
    }

    /// <summary>Builds the request.</summary>
    public RestApiRequest Build()
    {
        var headers = RequestParts.Group(HeaderPairs(), StringComparer.OrdinalIgnoreCase);
        var query = RequestParts.Group(
            QueryString.Decode(_rawQuery, restApi: true), StringComparer.Ordinal);
        var time = _time ?? TimeProvider.System.GetUtcNow();
        var resource = _resource ?? RequestParts.RouteTemplate(_path, _pathParameters);

        return new RestApiRequest
        {
            Resource = resource,
            Path = _path,
            HttpMethod = _method,
            Headers = headers.ToDictionary(pair => pair.Key, pair => pair.Value[^1], StringComparer.Ordinal),
            MultiValueHeaders = MultiValue(headers),
            QueryStringParameters = query.Count == 0
                ? null
                : query.ToDictionary(pair => pair.Key, pair => pair.Value[^1], StringComparer.Ordinal),
            MultiValueQueryStringParameters = query.Count == 0 ? null : MultiValue(query),
            PathParameters = CopyOrNull(_pathParameters),
            StageVariables = CopyOrNull(_stageVariables),
            RequestContext = new RestApiRequestContext
            {
                AccountId = RequestParts.AccountId,
                ApiId = RequestParts.ApiId,
                Authorizer = Authorizer(),
                DomainName = RequestParts.DomainName,
                HttpMethod = _method,
                Identity = new RestApiRequestIdentity
                {
                    SourceIp = _sourceIp,
                    UserAgent = headers["User-Agent"][^1],
                },
                Path = $"/{_stage}{_path}",
                Protocol = "HTTP/1.1",
                RequestId = RequestParts.NewRequestId(),
                RequestTime = RequestParts.ClfTime(time),
                RequestTimeEpoch = time.ToUnixTimeMilliseconds(),
                ResourceId = "abc123",
                ResourcePath = resource,
                Stage = _stage,
            },
            Body = _body,
            IsBase64Encoded = _isBase64Encoded,
        };
    }

    /// <summary>Builds the request and returns it as the JSON Lambda would receive.</summary>
    public string BuildJson() => JsonSerializer.Serialize(Build(), SdkJsonContext.Default.RestApiRequest);

    private static Dictionary<string, IReadOnlyList<string>> MultiValue(Dictionary<string, List<string>> groups) =>
        groups.ToDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<string>)pair.Value.ToArray(),
            StringComparer.Ordinal);

    private static Dictionary<string, string>? CopyOrNull(Dictionary<string, string> values) =>
        values.Count == 0 ? null : new Dictionary<string, string>(values, StringComparer.Ordinal);

    private IEnumerable<KeyValuePair<string, string>> HeaderPairs()
    {
        // API Gateway adds these to every request; a header the test sets wins.
        var defaults = new KeyValuePair<string, string>[]
        {
            new("Host", RequestParts.DomainName),
            new("User-Agent", RequestParts.UserAgent),
            new("X-Forwarded-For", _sourceIp),
            new("X-Forwarded-Port", "443"),
            new("X-Forwarded-Proto", "https"),
        };
        return _headers.Concat(defaults.Where(header =>
            _headers.All(set => !string.Equals(set.Key, header.Key, StringComparison.OrdinalIgnoreCase))));
    }

    private Dictionary<string, JsonElement>? Authorizer()
    {
        if (_claims.Count == 0)
        {
            return null;
        }

        var claims = JsonSerializer.SerializeToElement(_claims, TestingJsonContext.Default.DictionaryStringString);
        return new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["claims"] = claims };
    }
}
