namespace Stratus.Service;

/// <summary>
/// CORS settings of a REST API (<c>http</c>) event, from <c>cors: true</c> or a cors mapping.
/// </summary>
public sealed record HttpCors
{
    /// <summary>The headers the framework allows when none are given.</summary>
    public static IReadOnlyList<string> DefaultHeaders { get; } =
    [
        "Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token", "X-Amz-User-Agent",
        "X-Amzn-Trace-Id",
    ];

    /// <summary>
    /// The singular <c>origin</c> as written, which the framework's preflight sends as it is (wildcards
    /// included) unless it holds a comma; <c>*</c> when neither <c>origin</c> nor <c>origins</c> is given,
    /// null when only <c>origins</c> is.
    /// </summary>
    public string? Origin { get; init; } = "*";

    /// <summary>
    /// The <c>origins</c> list, which the framework's preflight template matches a request's Origin against
    /// (a '*' in an entry stands for one or more characters); empty when not given.
    /// </summary>
    public IReadOnlyList<string> Origins { get; init; } = [];

    /// <summary>The allowed request headers.</summary>
    public IReadOnlyList<string> Headers { get; init; } = DefaultHeaders;

    /// <summary>The allowed methods: OPTIONS and the event's method unless given.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Whether credentials are allowed.</summary>
    public bool AllowCredentials { get; init; }

    /// <summary>How long browsers may cache the preflight answer, in seconds, or null.</summary>
    public int? MaxAge { get; init; }

    /// <summary>The Cache-Control header for the preflight answer, or null.</summary>
    public string? CacheControl { get; init; }
}
