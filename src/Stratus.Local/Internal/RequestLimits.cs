using System.Text;
using Microsoft.AspNetCore.Http;

namespace Stratus.Local.Internal;

/// <summary>API Gateway's limits on a request's URL and headers, which it applies before routing.</summary>
/// <remarks>
/// From API Gateway's quotas (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html): a REST
/// API takes a URL of up to 8192 characters (edge-optimized) or 10240 (regional) and header values of up to
/// 10240 bytes in all; an HTTP API takes a request line and header values of up to 10240 bytes together.
/// The URL counted here is the request target as sent (path and query string, percent-encoded); AWS's count may
/// include the scheme and host, which differ between AWS and 127.0.0.1 anyway.
/// </remarks>
internal static class RequestLimits
{
    public const int MaxHeaderBytes = 10240;
    public const int EdgeMaxUrlLength = 8192;
    public const int RegionalMaxUrlLength = 10240;

    /// <summary>The limit the request breaks, or null when API Gateway would take it.</summary>
    public static Breach? Check(HttpRequest request, int targetLength, ApiKind api, RestApiEndpointType endpointType)
    {
        var headerBytes = HeaderValueBytes(request.Headers);
        if (api == ApiKind.RestApi)
        {
            var maxUrl = endpointType == RestApiEndpointType.Edge ? EdgeMaxUrlLength : RegionalMaxUrlLength;
            return targetLength > maxUrl ? new Breach("a URL", targetLength, maxUrl, UrlTooLong: true)
                : headerBytes > MaxHeaderBytes ? new Breach("header values", headerBytes, MaxHeaderBytes, false)
                : null;
        }

        // "METHOD target HTTP/1.1": the target is ASCII, as Kestrel accepts it.
        var requestLine = request.Method.Length + 1 + targetLength + 1 + request.Protocol.Length;
        return requestLine > MaxHeaderBytes
            ? new Breach("a request line", requestLine, MaxHeaderBytes, UrlTooLong: true)
            : requestLine + headerBytes > MaxHeaderBytes
            ? new Breach("a request line and header values", requestLine + headerBytes, MaxHeaderBytes, false)
            : null;
    }

    private static int HeaderValueBytes(IHeaderDictionary headers)
    {
        var bytes = 0;
        foreach (var (_, values) in headers)
        {
            foreach (var value in values)
            {
                bytes += Encoding.UTF8.GetByteCount(value ?? string.Empty);
            }
        }

        return bytes;
    }

    /// <summary>What was too large, how large it was, and the limit.</summary>
    public sealed record Breach(string What, int Size, int Limit, bool UrlTooLong);
}
