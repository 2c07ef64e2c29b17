using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace Stratus.Local.Internal;

/// <summary>The API Gateway emulator: routes a request, builds the proxy event, maps the answer or failure.</summary>
/// <remarks>
/// Limitation: authorizers, stage variables and custom domains are not emulated, so a route that needs an
/// authorizer in AWS is open locally.
/// </remarks>
internal sealed class ApiGateway
{
    // API Gateway's own limits: a 10 MB request, and 29 s (REST) / 30 s (HTTP API) for the integration.
    private const int MaxRequestBytes = 10 * 1024 * 1024;
    private static readonly TimeSpan RestIntegrationTimeout = TimeSpan.FromSeconds(29);
    private static readonly TimeSpan HttpIntegrationTimeout = TimeSpan.FromSeconds(30);

    // The methods API Gateway routes (ANY stands for these); CONNECT, TRACE or an invented one match no route.
    // Methods are case-sensitive (RFC 9110 section 9.1): 'get' is not GET.
    private static readonly string[] GatewayMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    private static readonly string[] HopByHopHeaders =
    [
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Proxy-Connection", "TE",
        "Trailer",
    ];

    // The headers a REST API renames to 'x-amzn-Remapped-<name>' in a Lambda proxy answer, so the client never sees
    // them under their own name: API Gateway's REST API notes list what "may be remapped" (Authorization, Date,
    // Server, Via, WWW-Authenticate, ...); these are the ones a proxy answer has in practice, per reports of a
    // 401's WWW-Authenticate arriving as x-amzn-Remapped-WWW-Authenticate. HTTP APIs pass them through.
    private static readonly string[] RestRemappedHeaders =
    [
        "Authorization", "Connection", "Content-MD5", "Date", "Max-Forwards", "Server", "User-Agent", "Via",
        "WWW-Authenticate",
    ];

    // RFC 9110's token characters, the only ones a header name may have; and the control characters a value may
    // not (all but tab).
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> ControlCharacters =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Where(c => c != '\t').Select(c => (char)c), '\u007F']);

    private readonly CloudContext _cloud;
    private readonly GatewaySettings _settings;
    private readonly RouteTable _routes;
    private readonly IReadOnlyDictionary<string, FunctionPool> _pools;

    public ApiGateway(
        CloudContext cloud,
        GatewaySettings settings,
        RouteTable routes,
        IReadOnlyDictionary<string, FunctionPool> pools)
    {
        _cloud = cloud;
        _settings = settings;
        _routes = routes;
        _pools = pools;
    }

    /// <summary>Answers one request to a REST or HTTP API route.</summary>
    /// <param name="context">The request.</param>
    /// <param name="sentHeaderNames">
    /// The request's header names as sent, when known (see <see cref="SentHeaderNames"/>).
    /// </param>
    public async Task HandleAsync(HttpContext context, string[]? sentHeaderNames)
    {
        var (rawPath, rawQuery) = SplitTarget(context);
        var method = context.Request.Method;
        var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var owner = OwningApi(segments);
        var requestId = RequestIds.For(owner, context.Request);
        var targetLength = rawPath.Length + (rawQuery.Length > 0 ? 1 + rawQuery.Length : 0);
        if (RequestLimits.Check(context.Request, targetLength, owner, _settings.RestApiEndpointType) is { } breach)
        {
            await RejectOverLimitAsync(context, owner, breach, rawPath, requestId);
            return;
        }

        if (owner == ApiKind.HttpApi && HttpApiPath.Decode(rawPath) is null)
        {
            EmulatorLog.HttpApiPathUnreadable(_cloud.Logger, method, rawPath);
            await WriteErrorAsync(context, owner, GatewayError.PathUnreadable(), requestId);
            return;
        }

        if (method == HttpMethods.Options
            && FindPreflight(context.Request, rawPath, segments) is var (preflight, corsApi))
        {
            await WriteAnswerAsync(context, preflight, new GatewayStamp(corsApi, requestId, TraceId: null));
            return;
        }

        var match = IsGatewayMethod(method) ? FindRoute(method, rawPath, segments) : null;
        if (match is null)
        {
            var miss = GatewayError.NotFound(owner);
            EmulatorLog.RouteNotFound(_cloud.Logger, method, rawPath, miss.StatusCode);
            await WriteErrorAsync(context, owner, miss, requestId);
            return;
        }

        var started = _cloud.Time.GetTimestamp();
        await InvokeRouteAsync(context, match, rawPath, rawQuery, requestId, sentHeaderNames);
        // The target as sent, still percent-encoded: a decoded %0A or %1B would break the console's line or
        // reach the terminal as a control sequence.
        _cloud.WriteRequestLine(
            match.Entry.Function.Key, method, rawPath, rawQuery, context.Response.StatusCode, started);
    }

    private async Task InvokeRouteAsync(
        HttpContext context,
        RouteMatch match,
        string rawPath,
        string rawQuery,
        RequestIds requestId,
        string[]? sentHeaderNames)
    {
        var method = context.Request.Method;
        var entry = match.Entry;
        var read = await BodyReader.ReadAsync(context, MaxRequestBytes);
        if (read.TooLarge)
        {
            await RejectTooLargeAsync(context, match, rawPath, read.Length, requestId);
            return;
        }

        // The validator runs before the integration: a refused request never reaches the function.
        if (entry.Route.Validation is { } validation
            && RequestValidator.Check(validation, context.Request, rawQuery, match, read.Body, _cloud.Logger)
                is var (error, problem))
        {
            EmulatorLog.GatewayRequestInvalid(_cloud.Logger, entry.Function.Key, method, rawPath, problem);
            await WriteErrorAsync(context, entry.Route.Api, error, requestId);
            return;
        }

        var request = BuildRequest(context, rawPath, rawQuery, read.Body, requestId, sentHeaderNames);
        var payload = ProxyEventWriter.Write(request, match, _cloud, _settings.BinaryMediaTypes);
        if (payload.Length > LambdaErrors.MaxSyncRequestBytes)
        {
            await RejectTooLargeAsync(context, match, rawPath, payload.Length, requestId);
            return;
        }

        var invocation = new Invocation(CloudContext.NewRequestId(), payload, request.TraceId) { KeepsLog = false };
        var timeout = entry.Route.Api == ApiKind.RestApi ? RestIntegrationTimeout : HttpIntegrationTimeout;
        _pools[entry.Function.Key].Dispatch(invocation);
        InvocationResult result;
        try
        {
            result = await invocation.Answer.WaitAsync(timeout, _cloud.Time, context.RequestAborted);
        }
        catch (TimeoutException)
        {
            // Lambda keeps running the function; only API Gateway stops waiting.
            EmulatorLog.IntegrationTimedOut(_cloud.Logger, entry.Function.Key, method, rawPath, timeout.TotalSeconds);
            var api = entry.Route.Api;
            await WriteErrorAsync(context, api, GatewayError.IntegrationTimeout(api), requestId);
            return;
        }

        await AnswerAsync(context, match, request, result);
    }

    private (GatewayAnswer Answer, ApiKind Api)? FindPreflight(HttpRequest request, string rawPath, string[] segments)
    {
        if (_routes.HasRestApi && IsUnderStage(segments))
        {
            return _routes.RestCorsFor(segments[1..]) is var (cors, methods)
                ? (CorsResponder.RestPreflight(cors, methods, request), ApiKind.RestApi)
                : null;
        }

        if (_routes.HasHttpApi
            && _settings.HttpApiCors is { } httpCors
            && CorsResponder.IsHttpApiPreflight(request)
            && !IsCaughtByDefaultRoute(rawPath))
        {
            return (CorsResponder.HttpApiPreflight(httpCors, _routes.HttpApiMethods, request), ApiKind.HttpApi);
        }

        return null;
    }

    // The $default route takes the OPTIONS requests no explicit route defines, preflights included (CorsResponder).
    private bool IsCaughtByDefaultRoute(string rawPath) =>
        _routes.Match(ApiKind.HttpApi, HttpMethods.Options, DecodedSegments(rawPath)) is
            { Entry.Template.IsDefault: true };

    private RouteMatch? FindRoute(string method, string rawPath, string[] segments)
    {
        if (_routes.HasRestApi && IsUnderStage(segments))
        {
            // A REST resource without this method is the REST API's miss (403), not a path for the HTTP API.
            var underStage = segments[1..];
            if (_routes.Match(ApiKind.RestApi, method, underStage) is { } rest)
            {
                return rest;
            }

            if (_routes.HasRestResource(underStage))
            {
                return null;
            }
        }

        // An HTTP API routes on the decoded path, so an encoded slash (%2F) separates segments there; a REST API
        // routes on the path as sent, where a%2Fb stays one segment.
        return _routes.HasHttpApi ? _routes.Match(ApiKind.HttpApi, method, DecodedSegments(rawPath)) : null;
    }

    /// <summary>
    /// The API whose limits and misses apply to a request before it is routed: the REST API owns '/{stage}/...'
    /// (and every path when there is no HTTP API), the HTTP API the rest. In AWS each API has its own host.
    /// </summary>
    private ApiKind OwningApi(string[] segments) =>
        _routes.HasRestApi && (IsUnderStage(segments) || !_routes.HasHttpApi) ? ApiKind.RestApi : ApiKind.HttpApi;

    private bool IsUnderStage(string[] segments) => segments.Length > 0 && segments[0] == _cloud.Options.Stage;

    private static bool IsGatewayMethod(string method) => Array.IndexOf(GatewayMethods, method) >= 0;

    private async Task AnswerAsync(
        HttpContext context,
        RouteMatch match,
        GatewayRequest request,
        InvocationResult result)
    {
        var entry = match.Entry;
        var api = entry.Route.Api;
        if (result.Error is not null)
        {
            var failure = result.Error == FunctionErrorKind.Throttled
                ? GatewayError.Throttled(api)
                : GatewayError.FunctionFailed(api);
            EmulatorLog.GatewayInvocationFailed(
                _cloud.Logger,
                entry.Function.Key,
                request.Method,
                request.RawPath,
                LambdaErrors.LoggedType(result),
                result.ErrorMessage ?? string.Empty,
                failure.StatusCode);
            await WriteErrorAsync(context, api, failure, request.Ids);
            return;
        }

        if (!TryReadAnswer(entry, request, result.Payload.Span, out var answer, out var problem))
        {
            var malformed = GatewayError.FunctionFailed(api);
            EmulatorLog.MalformedProxyResponse(
                _cloud.Logger, entry.Function.Key, request.Method, request.RawPath, problem!, malformed.StatusCode);
            await WriteErrorAsync(context, api, malformed, request.Ids);
            return;
        }

        if (api == ApiKind.HttpApi && _settings.HttpApiCors is { } cors)
        {
            answer = CorsResponder.IsHttpApiPreflight(context.Request)
                ? CorsResponder.ApplyHttpApiPreflight(cors, _routes.HttpApiMethods, context.Request, answer!)
                : CorsResponder.ApplyHttpApi(cors, answer!, request.Header("Origin"));
        }

        await WriteAnswerAsync(context, answer!, new GatewayStamp(api, request.Ids, request.TraceId));
    }

    private bool TryReadAnswer(
        RouteEntry entry,
        GatewayRequest request,
        ReadOnlySpan<byte> payload,
        out GatewayAnswer? answer,
        out string? problem)
    {
        if (!entry.UsesV1Payload)
        {
            return ProxyResponseReader.TryReadV2(payload, out answer, out problem) && IsWritable(answer!, out problem);
        }

        // REST sends binary only when the client's Accept matches binaryMediaTypes, the first Accept header of
        // several ("API Gateway uses the first Accept header", api-gateway-payload-encodings.html); HTTP APIs
        // always decode.
        var decode = entry.Route.Api == ApiKind.HttpApi
            || MediaTypes.MatchesAny(
                MediaTypes.FirstAccepted(request.FirstHeader("Accept")), _settings.BinaryMediaTypes);
        return ProxyResponseReader.TryReadV1(payload, entry.Route.Api, decode, out answer, out problem)
            && IsWritable(answer!, out problem);
    }

    private static bool IsWritable(GatewayAnswer answer, out string? problem)
    {
        foreach (var (name, value) in answer.Headers)
        {
            if (name.Length == 0 || name.AsSpan().ContainsAnyExcept(TokenCharacters))
            {
                problem = $"header name '{name}' is not a valid HTTP token";
                return false;
            }

            if (value.AsSpan().ContainsAny(ControlCharacters))
            {
                problem = $"header '{name}' has a control character in its value";
                return false;
            }
        }

        problem = null;
        return true;
    }

    private static async Task WriteAnswerAsync(HttpContext context, GatewayAnswer answer, GatewayStamp stamp)
    {
        var response = context.Response;
        response.StatusCode = answer.StatusCode;
        var hasContentType = false;
        foreach (var (name, value) in answer.Headers)
        {
            if (stamp.Api == ApiKind.RestApi && IsOneOf(name, RestRemappedHeaders))
            {
                response.Headers.Append("x-amzn-Remapped-" + name, value);
                continue;
            }

            // A second Content-Type ('content-type' beside 'Content-Type', or one in headers and another in
            // multiValueHeaders) would leave the client to pick; the first, multiValueHeaders' when both name
            // it, is sent. AWS does not document this case.
            var isContentType = string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase);
            if (IsOneOf(name, HopByHopHeaders) || (isContentType && hasContentType))
            {
                continue;
            }

            hasContentType |= isContentType;
            response.Headers.Append(name, value);
        }

        stamp.WriteTo(response.Headers);
        // HTTP gives 204, 205 and 304 answers no content (RFC 9110 sections 15.3.5, 15.3.6 and 15.4.5), and
        // Kestrel refuses to send any: a body the function gave one is dropped.
        if (answer.StatusCode is < 200 or 204 or 205 or 304)
        {
            return;
        }

        // A HEAD answer carries the length the same GET's body would have and no body (RFC 9110 section 9.3.2).
        response.ContentLength = answer.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(answer.Body, context.RequestAborted);
        }
    }

    private static bool IsOneOf(string name, string[] names)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private async Task RejectTooLargeAsync(
        HttpContext context,
        RouteMatch match,
        string rawPath,
        long bytes,
        RequestIds requestId)
    {
        var api = match.Entry.Route.Api;
        var error = GatewayError.TooLarge(api);
        EmulatorLog.GatewayRequestTooLarge(
            _cloud.Logger, match.Entry.Function.Key, context.Request.Method, rawPath, bytes, error.StatusCode);
        await WriteErrorAsync(context, api, error, requestId);
    }

    private async Task RejectOverLimitAsync(
        HttpContext context,
        ApiKind api,
        RequestLimits.Breach breach,
        string rawPath,
        RequestIds requestId)
    {
        var error = breach.UrlTooLong ? GatewayError.UrlTooLong() : GatewayError.HeadersTooLarge();

        // The path may be the very thing that is too long: the log keeps its start.
        const int LoggedPathLength = 200;
        var path = rawPath.Length <= LoggedPathLength ? rawPath : rawPath[..LoggedPathLength] + "...";
        EmulatorLog.GatewayRequestOverLimit(
            _cloud.Logger, context.Request.Method, path, breach.What, breach.Size, breach.Limit, error.StatusCode);
        await WriteErrorAsync(context, api, error, requestId);
    }

    private static Task WriteErrorAsync(HttpContext context, ApiKind api, GatewayError error, RequestIds requestId)
    {
        List<KeyValuePair<string, string>> headers = [new("Content-Type", "application/json")];
        if (error.ErrorType is { } errorType)
        {
            headers.Add(new("x-amzn-ErrorType", errorType));
        }

        var answer = new GatewayAnswer(error.StatusCode, headers, Encoding.UTF8.GetBytes(error.Body));
        return WriteAnswerAsync(context, answer, new GatewayStamp(api, requestId, TraceId: null));
    }

    /// <summary>The headers the gateway itself adds to every answer, whatever the function said.</summary>
    private readonly record struct GatewayStamp(ApiKind Api, RequestIds Ids, string? TraceId)
    {
        public void WriteTo(IHeaderDictionary headers)
        {
            if (Api == ApiKind.HttpApi)
            {
                headers["apigw-requestid"] = Ids.RequestId;
                return;
            }

            headers["x-amzn-RequestId"] = Ids.RequestId;
            headers["x-amz-apigw-id"] = Ids.ExtendedRequestId ?? CloudContext.NewExtendedRequestId();
            if (TraceId is not null)
            {
                var rootEnd = TraceId.IndexOf(';', StringComparison.Ordinal);
                headers["X-Amzn-Trace-Id"] = rootEnd < 0 ? TraceId : TraceId[..rootEnd];
            }
        }
    }

    private GatewayRequest BuildRequest(
        HttpContext context,
        string rawPath,
        string rawQuery,
        byte[] body,
        RequestIds requestId,
        string[]? sentHeaderNames)
    {
        var now = _cloud.Time.GetUtcNow();
        var incomingTrace = context.Request.Headers["X-Amzn-Trace-Id"].ToString();
        return new GatewayRequest
        {
            Method = context.Request.Method,
            RawPath = rawPath,
            RawQuery = rawQuery,
            Headers = HeadersAsSent(context.Request.Headers, sentHeaderNames),
            Body = body,
            SourceIp = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            DomainName = context.Request.Host.Value ?? "127.0.0.1",
            Protocol = context.Request.Protocol,
            Time = now,
            Ids = requestId,
            TraceId = incomingTrace.StartsWith("Root=", StringComparison.Ordinal)
                ? incomingTrace
                : CloudContext.NewTraceId(now),
            LocalPort = context.Connection.LocalPort,
        };
    }

    /// <summary>The request's headers under the names the client sent; Kestrel recases the ones it knows.</summary>
    /// <remarks>
    /// A REST API passes names on as sent ('content-type' stays 'content-type'); an HTTP API lower-cases them all
    /// later. Names that do not all match (never expected) leave Kestrel's, rather than pair a request with
    /// another's names.
    /// </remarks>
    private static KeyValuePair<string, StringValues>[] HeadersAsSent(
        IHeaderDictionary headers,
        string[]? sentNames)
    {
        var named = new KeyValuePair<string, StringValues>[headers.Count];
        var index = 0;
        foreach (var (name, values) in headers)
        {
            var sent = sentNames is null ? name : SentName(name, sentNames);
            if (sent is null)
            {
                return [.. headers];
            }

            named[index++] = new(sent, values);
        }

        return named;
    }

    /// <summary>The first of <paramref name="sentNames"/> that is <paramref name="name"/> in any casing.</summary>
    private static string? SentName(string name, string[] sentNames)
    {
        foreach (var sent in sentNames)
        {
            if (string.Equals(sent, name, StringComparison.OrdinalIgnoreCase))
            {
                return sent;
            }
        }

        return null;
    }

    // A path the HTTP API would refuse matches none of its routes.
    private static string[] DecodedSegments(string rawPath) =>
        HttpApiPath.Decode(rawPath) is { } path ? path.Split('/', StringSplitOptions.RemoveEmptyEntries) : [];

    private static (string RawPath, string RawQuery) SplitTarget(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        if (!target.StartsWith('/'))
        {
            // Absolute-form or asterisk-form targets: fall back to the parsed (decoded) path.
            target = context.Request.Path.Value + context.Request.QueryString.Value;
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? (target, string.Empty) : (target[..question], target[(question + 1)..]);
    }
}
