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
    /// <param name="plusIsSpace">
    /// Whether '+' means a space, as a REST API decodes it: a CloudWatch-logged REST event for
    /// <c>?sort=-+createdAt</c> has <c>"sort": "- createdAt"</c> (aws/aws-cdk#19827).
    /// Limitation: HTTP APIs keep '+' literal here, unconfirmed: AWS's HTTP API documentation does not say how
    /// '+' is decoded, and the only hints (aws/aws-lambda-rust-runtime#470 and #483: HTTP API parameters are not
    /// decoded as HTML forms are) agree with it without showing a captured event.
    /// </param>
    /// <param name="semicolonSeparates">
    /// Whether an unencoded ';' separates parameters as '&amp;' does. REST APIs' important notes say a ';' in a
    /// query string "results in the data being split"
    /// (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html#api-gateway-known-issues-rest-apis).
    /// Limitation: the note does not say into what; this reads it as a separator, so <c>a=1;b=2</c> gives a and b,
    /// as third-party write-ups describe it. An encoded '%3B' stays inside its value.
    /// </param>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters(
        bool plusIsSpace = false,
        bool semicolonSeparates = false) =>
        ParseQuery(RawQuery, plusIsSpace, semicolonSeparates);

    /// <summary>
    /// A raw query string as decoded name/value pairs, as <see cref="QueryParameters"/> reads it (the same
    /// parameters), for what reads the query before the request is built (the REST request validator).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(
        string rawQuery,
        bool plusIsSpace,
        bool semicolonSeparates)
    {
        char[] separators = semicolonSeparates ? ['&', ';'] : ['&'];
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var part in rawQuery.Split(separators, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            parameters.Add(new(Decode(name, plusIsSpace), Decode(value, plusIsSpace)));
        }

        return parameters;
    }

    private static string Decode(string text, bool plusIsSpace) =>
        Uri.UnescapeDataString(plusIsSpace ? text.Replace('+', ' ') : text);
}
