using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace Stratus.Functions.Internal.Secrets;

/// <summary>
/// AWS Signature Version 4 for request headers
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), small enough to ship in
/// every function: the AWS SDK is not allowed inside Stratus.Functions.
/// </summary>
internal static class AwsSigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";

    /// <summary>Signs a request in place: adds X-Amz-Date, the session token if any, and Authorization.</summary>
    public static void Sign(
        HttpRequestMessage request,
        byte[] body,
        AwsCredentials credentials,
        string region,
        string service,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        ArgumentNullException.ThrowIfNull(credentials);

        var amzDate = FormatDate(now);
        request.Headers.Add(DateHeader, amzDate);
        if (credentials.SessionToken is { } token)
        {
            request.Headers.Add(SecurityTokenHeader, token);
        }

        // Only host, content-type and x-amz-* are signed: HttpClient adds others (Content-Length, Connection)
        // on the way out, and a signed header it changed would break the signature.
        var headers = new List<KeyValuePair<string, string>> { new("host", HostHeader(request.RequestUri)) };
        headers.AddRange(request.Headers
            .Where(h => h.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value))));
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new KeyValuePair<string, string>("content-type", contentType.ToString()));
        }

        var authorization = Authorization(
            request.Method.Method,
            request.RequestUri,
            headers,
            body,
            credentials,
            region,
            service,
            now);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
    }

    /// <summary>Computes the Authorization header value for a request whose headers are all given.</summary>
    public static string Authorization(
        string method,
        Uri uri,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body,
        AwsCredentials credentials,
        string region,
        string service,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credentials);

        var canonical = CanonicalRequest(method, uri, headers, body, out var signedHeaders);
        var dateStamp = now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{dateStamp}/{region}/{service}/aws4_request";
        var stringToSign = StringToSign(FormatDate(now), scope, canonical);

        var key = SigningKey(credentials.SecretAccessKey, dateStamp, region, service);
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, "
            + $"SignedHeaders={signedHeaders}, Signature={signature}";
    }

    public static string CanonicalRequest(
        string method,
        Uri uri,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body,
        out string signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);

        // Headers are lower-cased and sorted; repeated names are joined with commas, values trimmed and inner
        // runs of spaces collapsed, as the specification requires.
        var canonicalHeaders = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(",", g.Select(h => Trim(h.Value)))))
            .ToList();
        signedHeaders = string.Join(";", canonicalHeaders.Select(h => h.Name));

        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(uri)).Append('\n');
        builder.Append(CanonicalQuery(uri)).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n');
        builder.Append(Hex(SHA256.HashData(body)));
        return builder.ToString();
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n"
        + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)));

    public static string FormatDate(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static byte[] SigningKey(string secretAccessKey, string dateStamp, string region, string service)
    {
        var key = HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("AWS4" + secretAccessKey),
            Encoding.UTF8.GetBytes(dateStamp));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    // Convert.ToHexStringLower is .NET 9+; this SDK also targets net8.0.
    internal static string Hex(ReadOnlySpan<byte> bytes) =>
        Convert.ToHexString(bytes).ToLowerInvariant();

    private static string HostHeader(Uri uri) => uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";

    private static string CanonicalPath(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/').Select(s => Encode(Uri.UnescapeDataString(s)));
        var path = string.Join("/", segments);
        return path.Length == 0 ? "/" : path;
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var separator = pair.IndexOf('=', StringComparison.Ordinal);
                var name = separator < 0 ? pair : pair[..separator];
                var value = separator < 0 ? "" : pair[(separator + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name)), Value: Encode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join("&", pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>Percent-encodes everything but RFC 3986's unreserved characters, in upper-case hex.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Trim(string value) =>
        string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
