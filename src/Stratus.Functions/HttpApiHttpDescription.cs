namespace Stratus.Functions;

/// <summary>The requestContext.http block of an HTTP API (payload 2.0) request.</summary>
// The getters fall back to the defaults: System.Text.Json's source generator sets a property an event leaves
// out (a hand-written event for `invoke local`, say) to null, over its initializer.
public sealed record HttpApiHttpDescription
{
    /// <summary>Gets the HTTP method, such as "GET".</summary>
    public string Method { get => field ?? ""; init; } = "";

    /// <summary>Gets the request path.</summary>
    public string Path { get => field ?? ""; init; } = "";

    /// <summary>Gets the protocol, such as "HTTP/1.1".</summary>
    public string Protocol { get => field ?? ""; init; } = "";

    /// <summary>Gets the caller's IP address.</summary>
    public string SourceIp { get => field ?? ""; init; } = "";

    /// <summary>Gets the caller's User-Agent header.</summary>
    public string UserAgent { get => field ?? ""; init; } = "";
}
