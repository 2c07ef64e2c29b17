namespace Stratus.Local;

/// <summary>The CORS settings of a REST route or of the whole HTTP API, from serverless.yml's <c>cors</c>.</summary>
public sealed record LocalCors
{
    /// <summary>
    /// The allowed origins; <c>*</c> allows any. For a REST route, the framework's <c>origins</c>: the entries its
    /// preflight template matches the request's Origin against.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = ["*"];

    /// <summary>
    /// REST only: the framework's singular <c>origin</c>, sent as written when no <c>origins</c> are given (a
    /// comma-separated one is split into origins); null when only <c>origins</c> are.
    /// </summary>
    public string? Origin { get; init; }

    /// <summary>The request headers a preflight allows.</summary>
    public IReadOnlyList<string> AllowedHeaders { get; init; } = [];

    /// <summary>The methods a preflight allows; null allows the methods of the routes it covers.</summary>
    public IReadOnlyList<string>? AllowedMethods { get; init; }

    /// <summary>Whether <c>Access-Control-Allow-Credentials: true</c> is sent.</summary>
    public bool AllowCredentials { get; init; }

    /// <summary>The response headers exposed to the browser (HTTP API only).</summary>
    public IReadOnlyList<string> ExposedHeaders { get; init; } = [];

    /// <summary>How long a browser may cache the preflight answer, in seconds, or null for no header.</summary>
    public int? MaxAge { get; init; }

    /// <summary>The <c>Cache-Control</c> header of a REST preflight answer, or null.</summary>
    public string? CacheControl { get; init; }
}
