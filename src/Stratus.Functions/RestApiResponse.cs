using System.Collections.Generic;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>The response a REST API proxy (payload 1.0) Lambda integration returns to API Gateway.</summary>
public sealed record RestApiResponse : IApiGatewayResponse<RestApiResponse>
{
    /// <inheritdoc />
    public static RestApiResponse FromResult(HttpResult result) => HttpResult.ToRestApiResponse(result);

    /// <summary>Gets the HTTP status code.</summary>
    public int StatusCode { get; init; }

    /// <summary>Gets the single-value response headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets the multi-value response headers, such as several Set-Cookie values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueHeaders { get; init; }

    /// <summary>Gets the body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    public string? Body { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Body"/> is base64-encoded binary.</summary>
    public bool IsBase64Encoded { get; init; }

    /// <summary>
    /// Returns a copy with one header added or replaced (names compare case-insensitively).
    /// </summary>
    public RestApiResponse WithHeader(string name, string value) =>
        this with { Headers = HeaderSet.With(Headers, name, value) };
}
