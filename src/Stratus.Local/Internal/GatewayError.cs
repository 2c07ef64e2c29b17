using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stratus.Local.Internal;

/// <summary>The error answers API Gateway itself sends, byte for byte; REST and HTTP APIs word them apart.</summary>
internal sealed record GatewayError(int StatusCode, string Body, string? ErrorType)
{
    public static GatewayError FunctionFailed(ApiKind api) => api == ApiKind.RestApi
        ? new(502, """{"message": "Internal server error"}""", "InternalServerErrorException")
        : new(500, """{"message":"Internal Server Error"}""", null);

    /// <summary>A throttled Lambda (429 <c>TooManyRequestsException</c>) seen through a proxy integration.</summary>
    /// <remarks>
    /// Both API types answer 500, not 429 (AWS knowledge center, "api-gateway-internal-server-error":
    /// "If the backend service is throttled [...] the API Gateway API might return an Internal server error").
    /// </remarks>
    public static GatewayError Throttled(ApiKind api) => api == ApiKind.RestApi
        ? new(500, """{"message": "Internal server error"}""", "InternalServerErrorException")
        : new(500, """{"message":"Internal Server Error"}""", null);

    public static GatewayError NotFound(ApiKind api) => api == ApiKind.RestApi
        ? new(403, """{"message":"Missing Authentication Token"}""", "MissingAuthenticationTokenException")
        : new(404, """{"message":"Not Found"}""", null);

    public static GatewayError IntegrationTimeout(ApiKind api) => api == ApiKind.RestApi
        ? new(504, """{"message": "Endpoint request timed out"}""", null)
        : new(503, """{"message":"Service Unavailable"}""", null);

    // A REST API's 413 as answers captured from AWS show it: {"message": "Request Too Long"}, 31 bytes, with
    // x-amzn-ErrorType BadRequestException (koki-develop/lgtm-generator#10; RysSuzuki/simple-api-for-quota-validation).
    // Limitation: the HTTP API's wording is not confirmed against AWS; its status is.
    public static GatewayError TooLarge(ApiKind api) => api == ApiKind.RestApi
        ? new(413, """{"message": "Request Too Long"}""", "BadRequestException")
        : new(413, """{"message":"Request Entity Too Large"}""", null);

    // Limitation: AWS documents the URL and header limits (RequestLimits) but not its answer when a request breaks
    // them; these are HTTP's own statuses for the two cases (RFC 9110 section 15.5.15, RFC 6585 section 5).
    public static GatewayError UrlTooLong() => new(414, """{"message":"Request-URI Too Long"}""", null);

    public static GatewayError HeadersTooLarge() => new(431, """{"message":"Request Header Fields Too Large"}""", null);

    /// <summary>A REST request validator's BAD_REQUEST_BODY gateway response.</summary>
    public static GatewayError InvalidBody() =>
        new(400, """{"message": "Invalid request body"}""", "BadRequestException");

    /// <summary>An HTTP API's refusal of a path it cannot decode (<see cref="HttpApiPath"/>).</summary>
    /// <remarks>Limitation: the 400 is captured from AWS, the body is HTTP API's usual wording, unconfirmed.</remarks>
    public static GatewayError PathUnreadable() => new(400, """{"message":"Bad Request"}""", null);

    /// <summary>A REST request validator's BAD_REQUEST_PARAMETERS gateway response.</summary>
    public static GatewayError MissingParameters(IEnumerable<string> names)
    {
        var list = JsonEncodedText.Encode(string.Join(", ", names), JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        return new(400, $$"""{"message": "Missing required request parameters: [{{list}}]"}""", "BadRequestException");
    }
}
