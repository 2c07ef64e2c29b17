using Microsoft.Extensions.Primitives;

namespace Stratus.Local.Internal;

/// <summary>An HTTP request as API Gateway sees it, before it becomes a proxy event.</summary>
internal sealed record GatewayRequest
{
    public required string Method { get; init; }

    /// <summary>The request path as sent, still percent-encoded, without the query string.</summary>
    public required string RawPath { get; init; }

    /// <summary>The query string as sent, without the leading '?'.</summary>
    public required string RawQuery { get; init; }

    /// <summary>The request headers in the order Kestrel reports them; names keep their casing.</summary>
    public required KeyValuePair<string, StringValues>[] Headers { get; init; }

    public required byte[] Body { get; init; }

    public required string SourceIp { get; init; }

    public required string DomainName { get; init; }

    public required string Protocol { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>API Gateway's own ids for the request (not the Lambda request id).</summary>
    public required RequestIds Ids { get; init; }

    public string RequestId => Ids.RequestId;

    public required string TraceId { get; init; }

    public required int LocalPort { get; init; }

    /// <summary>The last value of a header sent more than once, as the single-value headers map holds it.</summary>
    public string? Header(string name) => Values(name) is { Count: > 0 } values ? values[values.Count - 1] : null;

    /// <summary>The first value of a header sent more than once.</summary>
    public string? FirstHeader(string name) => Values(name) is { Count: > 0 } values ? values[0] : null;

    private StringValues Values(string name)
    {
        foreach (var (key, values) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return values;
            }
        }

        return StringValues.Empty;
    }

    /// <summary>The query string as decoded name/value pairs, in order; repeated names stay repeated.</summary>
    /// <remarks>
    /// '+' is a space for both API types. REST: a CloudWatch-logged event for <c>?sort=-+createdAt</c> has
    /// <c>"sort": "- createdAt"</c> (aws/aws-cdk#19827). HTTP API: an event captured from CloudWatch on 2026-07-10
    /// for <c>literalPlus=a+b&amp;encodedPlus=a%2Bb</c> has <c>"a b"</c> and <c>"a+b"</c>
    /// (hotsock/voker, vokerhttp/testdata/apigwv2-request.json); AWS's documentation says neither.
    /// </remarks>
    /// <param name="semicolonSeparates">
    /// Whether an unencoded ';' separates parameters as '&amp;' does. REST APIs' important notes say a ';' in a
    /// query string "results in the data being split"
    /// (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html#api-gateway-known-issues-rest-apis).
    /// Limitation: the note does not say into what; this reads it as a separator, so <c>a=1;b=2</c> gives a and b,
    /// as third-party write-ups describe it. An encoded '%3B' stays inside its value.
    /// </param>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters(bool semicolonSeparates = false) =>
        ParseQuery(RawQuery, semicolonSeparates);

    /// <summary>
    /// A raw query string as decoded name/value pairs, as <see cref="QueryParameters"/> reads it (the same
    /// parameters), for what reads the query before the request is built (the REST request validator).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string rawQuery, bool semicolonSeparates)
    {
        char[] separators = semicolonSeparates ? ['&', ';'] : ['&'];
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var part in rawQuery.Split(separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            parameters.Add(new(Decode(name), Decode(value)));
        }

        return parameters;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
