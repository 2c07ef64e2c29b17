using System;
using System.Collections.Generic;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>The response an HTTP API (payload 2.0) Lambda integration returns to API Gateway.</summary>
public sealed record HttpApiResponse : IApiGatewayResponse<HttpApiResponse>
{
    /// <inheritdoc />
    public static HttpApiResponse FromResult(HttpResult result) => HttpResult.ToHttpApiResponse(result);

    /// <summary>Gets the HTTP status code.</summary>
    public int StatusCode { get; init; }

    /// <summary>Gets the response headers.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets the Set-Cookie values; HTTP APIs send each as its own header.</summary>
    public IReadOnlyList<string>? Cookies { get; init; }

    /// <summary>Gets the body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    public string? Body { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Body"/> is base64-encoded binary.</summary>
    public bool IsBase64Encoded { get; init; }

    /// <summary>
    /// Returns a copy with one header added or replaced (names compare case-insensitively).
    /// </summary>
    public HttpApiResponse WithHeader(string name, string value) =>
        this with { Headers = HeaderSet.With(Headers, name, value) };

    /// <summary>
    /// Returns a copy with one Set-Cookie value added, such as "session=abc; HttpOnly; Secure".
    /// </summary>
    public HttpApiResponse WithCookie(string setCookie)
    {
        ArgumentException.ThrowIfNullOrEmpty(setCookie);

        var cookies = new List<string>(Cookies ?? []) { setCookie };
        return this with { Cookies = cookies };
    }
}
