using System.Text;
using Microsoft.AspNetCore.Http;

namespace Stratus.Local.Internal;

/// <summary>API Gateway's limits on a request's URL and headers, which it applies before routing.</summary>
/// <remarks>
/// From API Gateway's quotas (api-gateway-execution-service-limits-table.html and http-api-quotas.html): a REST
/// API takes a URL of up to 8192 characters (edge-optimized and private) or 10240 (regional), and headers of up
/// to 10240 bytes, "header names, values, any line terminators, and white space" counted (as the current
/// Japanese and amazonaws.cn editions of the page word that row); an HTTP API takes a request line and header
/// values of up to 10240 bytes together. Each header is counted as "Name: value" and CRLF, the whitespace a
/// client really sent around the colon being gone once Kestrel has parsed it.
/// The URL counted is the request target as sent (path and query string, percent-encoded); AWS's count may
/// include the scheme and host, which differ between AWS and 127.0.0.1 anyway.
/// Limitation: the page gives private APIs a lower header quota without this emulator modelling it.
/// </remarks>
internal static class RequestLimits
{
    public const int MaxHeaderBytes = 10240;
    public const int EdgeMaxUrlLength = 8192;
    public const int RegionalMaxUrlLength = 10240;

    /// <summary>The limit the request breaks, or null when API Gateway would take it.</summary>
    public static Breach? Check(HttpRequest request, int targetLength, ApiKind api, RestApiEndpointType endpointType)
    {
        if (api == ApiKind.RestApi)
        {
            var maxUrl = endpointType == RestApiEndpointType.Regional ? RegionalMaxUrlLength : EdgeMaxUrlLength;
            var headerBytes = HeaderBytes(request.Headers, withNames: true);
            return targetLength > maxUrl ? new Breach("a URL", targetLength, maxUrl, UrlTooLong: true)
                : headerBytes > MaxHeaderBytes ? new Breach("headers", headerBytes, MaxHeaderBytes, false)
                : null;
        }

        // "METHOD target HTTP/1.1": the target is ASCII, as Kestrel accepts it.
        var requestLine = request.Method.Length + 1 + targetLength + 1 + request.Protocol.Length;
        var withValues = requestLine + HeaderBytes(request.Headers, withNames: false);
        return requestLine > MaxHeaderBytes
            ? new Breach("a request line", requestLine, MaxHeaderBytes, UrlTooLong: true)
            : withValues > MaxHeaderBytes
            ? new Breach("a request line and header values", withValues, MaxHeaderBytes, false)
            : null;
    }

    // A header line is "Name: value" and CRLF: its name and 4 bytes of punctuation besides the value.
    private static int HeaderBytes(IHeaderDictionary headers, bool withNames)
    {
        var bytes = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                bytes += Encoding.UTF8.GetByteCount(value ?? string.Empty) + (withNames ? name.Length + 4 : 0);
            }
        }

        return bytes;
    }

    /// <summary>What was too large, how large it was, and the limit.</summary>
    public sealed record Breach(string What, int Size, int Limit, bool UrlTooLong);
}
