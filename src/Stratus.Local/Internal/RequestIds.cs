using Microsoft.AspNetCore.Http;

namespace Stratus.Local.Internal;

/// <summary>The ids API Gateway gives one request: its request id and, for a REST API, its extended id.</summary>
/// <param name="RequestId">
/// <c>$context.requestId</c>, sent back in <c>x-amzn-RequestId</c> (REST) or <c>apigw-requestid</c> (HTTP API).
/// </param>
/// <param name="ExtendedRequestId">
/// A REST API's <c>$context.extendedRequestId</c>, sent back in <c>x-amz-apigw-id</c>; null for an HTTP API.
/// </param>
internal readonly record struct RequestIds(string RequestId, string? ExtendedRequestId)
{
    private const string ClientRequestIdHeader = "x-amzn-RequestId";

    /// <summary>The ids of a request to <paramref name="api"/>.</summary>
    /// <remarks>
    /// A REST API's $context.requestId is "an ID for the request. Clients can override this request ID", while
    /// $context.extendedRequestId is "the extended ID that API Gateway generates" ("API Gateway mapping template and
    /// access logging variable reference"): a client's x-amzn-RequestId replaces the first and never the second.
    /// The HTTP API variables page documents no override, so an HTTP API always makes its own id, in the shape of
    /// a REST API's extended id (16 characters of base64, as <c>apigw-requestid</c> and the HTTP API access logs
    /// show it; the payload 1.0 example of "Create AWS Lambda proxy integrations for HTTP APIs" writes
    /// <c>"requestId": "id="</c>), not a UUID.
    /// </remarks>
    public static RequestIds For(ApiKind api, HttpRequest request)
    {
        if (api == ApiKind.HttpApi)
        {
            return new(CloudContext.NewExtendedRequestId(), ExtendedRequestId: null);
        }

        var sent = request.Headers[ClientRequestIdHeader];
        var requestId = sent.Count > 0 && !string.IsNullOrEmpty(sent[0]) ? sent[0]! : CloudContext.NewRequestId();
        return new(requestId, CloudContext.NewExtendedRequestId());
    }
}
