namespace Stratus.Functions;

/// <summary>The requestContext.http block of an HTTP API (payload 2.0) request.</summary>
public sealed record HttpApiHttpDescription
{
    /// <summary>Gets the HTTP method, such as "GET".</summary>
    public string Method { get; init; } = "";

    /// <summary>Gets the request path.</summary>
    public string Path { get; init; } = "";

    /// <summary>Gets the protocol, such as "HTTP/1.1".</summary>
    public string Protocol { get; init; } = "";

    /// <summary>Gets the caller's IP address.</summary>
    public string SourceIp { get; init; } = "";

    /// <summary>Gets the caller's User-Agent header.</summary>
    public string UserAgent { get; init; } = "";
}
