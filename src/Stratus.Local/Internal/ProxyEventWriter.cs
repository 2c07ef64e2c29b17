using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace Stratus.Local.Internal;

/// <summary>Builds the Lambda proxy events API Gateway sends: REST/1.0 and HTTP API 2.0.</summary>
internal static class ProxyEventWriter
{
    // The event is written synchronously, so each thread reuses one buffer and writer: only the event's own
    // bytes are allocated per request. A buffer a large body grew is let go rather than kept by the thread.
    private const int KeptBufferBytes = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Write(
        GatewayRequest request,
        RouteMatch match,
        CloudContext cloud,
        IReadOnlyList<string> binaryMediaTypes)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, LambdaErrors.WriterOptions);
        writer.Reset(buffer);
        try
        {
            if (match.Entry.UsesV1Payload)
            {
                WriteV1(writer, request, match, cloud, binaryMediaTypes);
            }
            else
            {
                WriteV2(writer, request, match, cloud);
            }

            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > KeptBufferBytes)
            {
                (t_buffer, t_writer) = (null, null);
            }
        }
    }

    private static void WriteV1(
        Utf8JsonWriter writer,
        GatewayRequest request,
        RouteMatch match,
        CloudContext cloud,
        IReadOnlyList<string> binaryMediaTypes)
    {
        var isHttpApi = match.Entry.Route.Api == ApiKind.HttpApi;
        var stage = isHttpApi ? "$default" : cloud.Options.Stage;

        // REST APIs pass the path (without the stage) and its parameters as sent; HTTP APIs decode them.
        var path = isHttpApi ? HttpApiPath.Decode(request.RawPath) ?? "" : WithoutStage(request.RawPath, stage);
        var resource = match.Entry.Template.Path;
        writer.WriteStartObject();
        if (isHttpApi)
        {
            writer.WriteString("version", "1.0");
        }

        writer.WriteString("resource", resource);
        writer.WriteString("path", path);
        writer.WriteString("httpMethod", request.Method);
        WriteV1Headers(writer, request, lowerCaseNames: isHttpApi);
        WriteV1Query(writer, request, isRestApi: !isHttpApi);
        WriteParameters(writer, match, nullWhenEmpty: true);
        writer.WriteNull("stageVariables");

        writer.WriteStartObject("requestContext");
        writer.WriteString("accountId", cloud.Options.AccountId);
        writer.WriteString("apiId", isHttpApi ? cloud.HttpApiId : cloud.RestApiId);
        writer.WriteString("domainName", request.DomainName);
        writer.WriteString("domainPrefix", DomainPrefix(request.DomainName));
        // An HTTP API's 1.0 payload repeats its request id here; a REST API has a second id of its own.
        writer.WriteString("extendedRequestId", request.Ids.ExtendedRequestId ?? request.RequestId);
        writer.WriteString("httpMethod", request.Method);
        WriteIdentity(writer, request);
        writer.WriteString("path", isHttpApi ? path : "/" + stage + path);
        writer.WriteString("protocol", request.Protocol);
        writer.WriteString("requestId", request.RequestId);
        WriteRequestTime(writer, "requestTime", request.Time);
        writer.WriteNumber("requestTimeEpoch", request.Time.ToUnixTimeMilliseconds());
        writer.WriteString("resourceId", isHttpApi ? match.Entry.RouteKey : ResourceId(resource));
        writer.WriteString("resourcePath", resource);
        writer.WriteString("stage", stage);
        writer.WriteEndObject();

        var binary = isHttpApi
            ? !MediaTypes.IsText(request.Header("Content-Type"))
            : MediaTypes.MatchesAny(request.Header("Content-Type"), binaryMediaTypes);
        WriteBody(writer, request.Body, binary, omitWhenEmpty: false);
        writer.WriteEndObject();
    }

    private static void WriteV2(Utf8JsonWriter writer, GatewayRequest request, RouteMatch match, CloudContext cloud)
    {
        // Despite its name, an HTTP API's rawPath arrives decoded, as AWS's own Lambda test tool builds it
        // (aws/aws-lambda-dotnet#1901: "the path and path parameters should be decoded"), and twice, as captured
        // events show (HttpApiPath); rawQueryString does not.
        var path = HttpApiPath.Decode(request.RawPath) ?? "";
        writer.WriteStartObject();
        writer.WriteString("version", "2.0");
        writer.WriteString("routeKey", match.Entry.RouteKey);
        writer.WriteString("rawPath", path);
        writer.WriteString("rawQueryString", request.RawQuery);
        WriteCookies(writer, request);
        WriteV2Headers(writer, request);
        WriteV2Query(writer, request);
        WriteParameters(writer, match, nullWhenEmpty: false);

        writer.WriteStartObject("requestContext");
        writer.WriteString("accountId", cloud.Options.AccountId);
        writer.WriteString("apiId", cloud.HttpApiId);
        writer.WriteString("domainName", request.DomainName);
        writer.WriteString("domainPrefix", DomainPrefix(request.DomainName));
        writer.WriteStartObject("http");
        writer.WriteString("method", request.Method);
        writer.WriteString("path", path);
        writer.WriteString("protocol", request.Protocol);
        writer.WriteString("sourceIp", request.SourceIp);
        writer.WriteString("userAgent", request.Header("User-Agent") ?? string.Empty);
        writer.WriteEndObject();
        writer.WriteString("requestId", request.RequestId);
        writer.WriteString("routeKey", match.Entry.RouteKey);
        writer.WriteString("stage", "$default");
        WriteRequestTime(writer, "time", request.Time);
        writer.WriteNumber("timeEpoch", request.Time.ToUnixTimeMilliseconds());
        writer.WriteEndObject();

        WriteBody(writer, request.Body, !MediaTypes.IsText(request.Header("Content-Type")), omitWhenEmpty: true);
        writer.WriteEndObject();
    }

    private static void WriteV1Headers(Utf8JsonWriter writer, GatewayRequest request, bool lowerCaseNames)
    {
        var headers = GatewayHeaders(request);
        writer.WriteStartObject("headers");
        foreach (var (name, values) in headers)
        {
            // Last value wins, as API Gateway does for the single-value map.
            WritePropertyName(writer, name, lowerCaseNames);
            writer.WriteStringValue(values[^1]);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("multiValueHeaders");
        foreach (var (name, values) in headers)
        {
            WritePropertyName(writer, name, lowerCaseNames);
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteV2Headers(Utf8JsonWriter writer, GatewayRequest request)
    {
        writer.WriteStartObject("headers");
        foreach (var (name, values) in GatewayHeaders(request))
        {
            // Cookies travel in the separate 'cookies' array in payload 2.0.
            if (!string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase))
            {
                WritePropertyName(writer, name, lowerCase: true);
                writer.WriteStringValue(values.Count == 1 ? values[0] : string.Join(',', values.ToArray()));
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a header name, lower-cased on the stack when asked (every request has several).</summary>
    private static void WritePropertyName(Utf8JsonWriter writer, string name, bool lowerCase)
    {
        const int MaxStackName = 256;
        if (!lowerCase)
        {
            writer.WritePropertyName(name);
            return;
        }

        Span<char> lower = name.Length <= MaxStackName ? stackalloc char[name.Length] : new char[name.Length];
        name.AsSpan().ToLowerInvariant(lower);
        writer.WritePropertyName(lower);
    }

    /// <summary>The request's headers plus the ones API Gateway adds (X-Forwarded-*, X-Amzn-Trace-Id).</summary>
    private static List<(string Name, StringValues Values)> GatewayHeaders(GatewayRequest request)
    {
        var headers = new List<(string Name, StringValues Values)>(request.Headers.Length + 4);
        foreach (var (name, values) in request.Headers)
        {
            var present = WithoutNulls(values);
            if (present.Count > 0)
            {
                headers.Add((name, present));
            }
        }

        var rootEnd = request.TraceId.IndexOf(';', StringComparison.Ordinal);
        AddIfMissing(headers, "X-Amzn-Trace-Id", rootEnd < 0 ? request.TraceId : request.TraceId[..rootEnd]);
        AppendForwardedFor(headers, request.SourceIp);

        // The gateway states the port and scheme it was called on, whatever the client sent.
        Replace(headers, "X-Forwarded-Port", request.LocalPort.ToString(CultureInfo.InvariantCulture));
        Replace(headers, "X-Forwarded-Proto", "http");
        return headers;
    }

    /// <summary>
    /// API Gateway is a proxy that appends the caller's address to X-Forwarded-For (RFC 7239's predecessor): a
    /// client-sent '1.2.3.4' arrives as '1.2.3.4, caller', so only the rightmost address can be trusted.
    /// </summary>
    private static void AppendForwardedFor(List<(string Name, StringValues Values)> headers, string sourceIp)
    {
        var index = headers.FindIndex(
            header => string.Equals(header.Name, "X-Forwarded-For", StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            headers.Add(("X-Forwarded-For", sourceIp));
            return;
        }

        var (name, values) = headers[index];
        headers[index] = (name, string.Join(", ", values.ToArray()) + ", " + sourceIp);
    }

    private static StringValues WithoutNulls(StringValues values)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                return new StringValues([.. values.Where(present => present is not null)]);
            }
        }

        return values;
    }

    private static void Replace(List<(string Name, StringValues Values)> headers, string name, string value)
    {
        // A plain loop: this runs twice per request, and a RemoveAll predicate capturing the name would allocate.
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(headers[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                headers.RemoveAt(i);
            }
        }

        headers.Add((name, value));
    }

    private static void AddIfMissing(List<(string Name, StringValues Values)> headers, string name, string value)
    {
        foreach (var header in headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        headers.Add((name, value));
    }

    private static void WriteV1Query(Utf8JsonWriter writer, GatewayRequest request, bool isRestApi)
    {
        var parameters = request.QueryParameters(semicolonSeparates: isRestApi);
        if (parameters.Count == 0)
        {
            writer.WriteNull("queryStringParameters");
            writer.WriteNull("multiValueQueryStringParameters");
            return;
        }

        // A REST API keeps a repeated key's last value in the single-value map; an HTTP API's payload 1.0 keeps
        // its first ("parameter1": "value1" beside ["value1", "value2"] in the payload 1.0 example of "Create AWS
        // Lambda proxy integrations for HTTP APIs in API Gateway"). Headers keep the last value in both.
        var grouped = Group(parameters);
        writer.WriteStartObject("queryStringParameters");
        foreach (var (name, values) in grouped)
        {
            writer.WriteString(name, isRestApi ? values[^1] : values[0]);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("multiValueQueryStringParameters");
        foreach (var (name, values) in grouped)
        {
            writer.WriteStartArray(name);
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteV2Query(Utf8JsonWriter writer, GatewayRequest request)
    {
        var parameters = request.QueryParameters();
        if (parameters.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("queryStringParameters");
        foreach (var (name, values) in Group(parameters))
        {
            writer.WriteString(name, string.Join(',', values));
        }

        writer.WriteEndObject();
    }

    private static List<(string Name, List<string> Values)> Group(
        IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var grouped = new List<(string Name, List<string> Values)>();
        foreach (var (name, value) in parameters)
        {
            var index = grouped.FindIndex(entry => entry.Name == name);
            if (index < 0)
            {
                grouped.Add((name, [value]));
            }
            else
            {
                grouped[index].Values.Add(value);
            }
        }

        return grouped;
    }

    private static void WriteParameters(Utf8JsonWriter writer, RouteMatch match, bool nullWhenEmpty)
    {
        if (match.Parameters.Count == 0)
        {
            if (nullWhenEmpty)
            {
                writer.WriteNull("pathParameters");
            }

            return;
        }

        writer.WriteStartObject("pathParameters");
        foreach (var (name, value) in match.Parameters)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteCookies(Utf8JsonWriter writer, GatewayRequest request)
    {
        var started = false;
        foreach (var (name, values) in request.Headers)
        {
            if (string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    started = WriteCookieHeader(writer, value, started);
                }
            }
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    /// <summary>Writes the cookies of one Cookie header; the first cookie of the request opens the array.</summary>
    private static bool WriteCookieHeader(Utf8JsonWriter writer, string? header, bool started)
    {
        var text = header.AsSpan();
        foreach (var part in text.Split(';'))
        {
            var cookie = text[part].Trim();
            if (cookie.IsEmpty)
            {
                continue;
            }

            if (!started)
            {
                writer.WriteStartArray("cookies");
                started = true;
            }

            writer.WriteStringValue(cookie);
        }

        return started;
    }

    private static void WriteIdentity(Utf8JsonWriter writer, GatewayRequest request)
    {
        writer.WriteStartObject("identity");
        foreach (var name in IdentityNulls)
        {
            writer.WriteNull(name);
        }

        writer.WriteString("sourceIp", request.SourceIp);
        writer.WriteString("userAgent", request.Header("User-Agent") ?? string.Empty);
        writer.WriteEndObject();
    }

    private static readonly string[] IdentityNulls =
    [
        "accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType",
        "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId", "user", "userArn",
    ];

    private static void WriteBody(Utf8JsonWriter writer, byte[] body, bool binary, bool omitWhenEmpty)
    {
        if (body.Length == 0)
        {
            if (!omitWhenEmpty)
            {
                writer.WriteNull("body");
            }

            writer.WriteBoolean("isBase64Encoded", false);
            return;
        }

        if (binary)
        {
            writer.WriteBase64String("body", body);
        }
        else
        {
            writer.WriteString("body", Encoding.UTF8.GetString(body));
        }

        writer.WriteBoolean("isBase64Encoded", binary);
    }

    private static string WithoutStage(string rawPath, string stage)
    {
        var trimmed = rawPath.TrimStart('/');
        var rest = trimmed.Length > stage.Length ? trimmed[(stage.Length + 1)..] : string.Empty;
        return "/" + rest;
    }

    private static void WriteRequestTime(Utf8JsonWriter writer, string name, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[32];
        time.ToUniversalTime().TryFormat(
            text, out var length, "dd/MMM/yyyy:HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..length]);
    }

    /// <summary>The first label of the host, without a port: 'abc' for 'abc.example.com:3000'.</summary>
    private static ReadOnlySpan<char> DomainPrefix(string domainName)
    {
        var host = domainName.AsSpan();
        var colon = host.IndexOf(':');
        host = colon < 0 ? host : host[..colon];
        var dot = host.IndexOf('.');
        return dot < 0 ? host : host[..dot];
    }

    /// <summary>A stable 6-character resource id per route path, like API Gateway's.</summary>
    private static string ResourceId(string resource)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(resource));
        return Convert.ToHexStringLower(hash)[..6];
    }
}
