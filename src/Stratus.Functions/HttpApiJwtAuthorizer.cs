using System.Collections.Generic;

namespace Stratus.Functions;

/// <summary>What an HTTP API JWT authorizer verified: the token's claims and scopes.</summary>
public sealed record HttpApiJwtAuthorizer
{
    /// <summary>Gets the token's claims, each as a string.</summary>
    public IReadOnlyDictionary<string, string>? Claims { get; init; }

    /// <summary>Gets the token's scopes.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }
}
