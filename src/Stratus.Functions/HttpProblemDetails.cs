using System.Collections.Generic;

namespace Stratus.Functions;

/// <summary>An RFC 9457 problem details body, sent as application/problem+json.</summary>
public sealed record HttpProblemDetails
{
    /// <summary>Gets a URI that identifies the kind of problem.</summary>
    public string Type { get; init; } = "about:blank";

    /// <summary>Gets a short summary of the kind of problem.</summary>
    public string Title { get; init; } = "";

    /// <summary>Gets the HTTP status code.</summary>
    public int Status { get; init; }

    /// <summary>Gets an explanation specific to this occurrence.</summary>
    public string? Detail { get; init; }

    /// <summary>Gets a URI that identifies this occurrence, such as the request path.</summary>
    public string? Instance { get; init; }

    /// <summary>Gets validation errors: field name to messages.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
}
