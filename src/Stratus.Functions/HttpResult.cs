using System;
using System.Collections.Generic;

namespace Stratus.Functions;

/// <summary>
/// An HTTP answer that fits both API Gateway payload formats; <see cref="HttpResults"/> builds these and
/// they convert implicitly to <see cref="HttpApiResponse"/> and <see cref="RestApiResponse"/>.
/// </summary>
public sealed record HttpResult
{
    /// <summary>Gets the HTTP status code.</summary>
    public int StatusCode { get; init; }

    /// <summary>Gets the response headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets the body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    public string? Body { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Body"/> is base64-encoded binary.</summary>
    public bool IsBase64Encoded { get; init; }

    /// <summary>Converts the result to an HTTP API (payload 2.0) response.</summary>
    public static implicit operator HttpApiResponse(HttpResult result) => ToHttpApiResponse(result);

    /// <summary>Converts the result to a REST API proxy (payload 1.0) response.</summary>
    public static implicit operator RestApiResponse(HttpResult result) => ToRestApiResponse(result);

    /// <summary>Converts a result to an HTTP API (payload 2.0) response.</summary>
    public static HttpApiResponse ToHttpApiResponse(HttpResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        return new HttpApiResponse
        {
            StatusCode = result.StatusCode,
            Headers = result.Headers,
            Body = result.Body,
            IsBase64Encoded = result.IsBase64Encoded,
        };
    }

    /// <summary>Converts a result to a REST API proxy (payload 1.0) response.</summary>
    public static RestApiResponse ToRestApiResponse(HttpResult result)
    {
        ArgumentNullException.ThrowIfNull(result);

        return new RestApiResponse
        {
            StatusCode = result.StatusCode,
            Headers = result.Headers,
            Body = result.Body,
            IsBase64Encoded = result.IsBase64Encoded,
        };
    }

    /// <summary>Returns this result as an HTTP API (payload 2.0) response.</summary>
    public HttpApiResponse ToHttpApiResponse() => ToHttpApiResponse(this);

    /// <summary>Returns this result as a REST API proxy (payload 1.0) response.</summary>
    public RestApiResponse ToRestApiResponse() => ToRestApiResponse(this);
}
