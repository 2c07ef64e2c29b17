namespace Stratus.Service;

/// <summary>
/// CORS settings of the HTTP API (<c>provider.httpApi.cors</c>), from <c>true</c> or a cors mapping.
/// </summary>
public sealed record HttpApiCors
{
    /// <summary>The allowed origins (<c>*</c> by default).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = ["*"];

    /// <summary>The allowed request headers (the framework's default list unless given).</summary>
    public IReadOnlyList<string> AllowedHeaders { get; init; } = HttpCors.DefaultHeaders;

    /// <summary>
    /// The allowed methods, or null to allow the methods of the API's routes (the framework's default).
    /// </summary>
    public IReadOnlyList<string>? AllowedMethods { get; init; }

    /// <summary>Whether credentials are allowed.</summary>
    public bool AllowCredentials { get; init; }

    /// <summary>Response headers exposed to the browser.</summary>
    public IReadOnlyList<string> ExposedResponseHeaders { get; init; } = [];

    /// <summary>How long browsers may cache the preflight answer, in seconds, or null.</summary>
    public int? MaxAge { get; init; }
}
