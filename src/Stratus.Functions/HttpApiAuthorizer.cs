using System.Collections.Generic;
using System.Text.Json;

namespace Stratus.Functions;

/// <summary>The requestContext.authorizer block of an HTTP API request.</summary>
public sealed record HttpApiAuthorizer
{
    /// <summary>Gets the claims and scopes of a JWT authorizer, when the route uses one.</summary>
    public HttpApiJwtAuthorizer? Jwt { get; init; }

    /// <summary>Gets the context returned by a Lambda authorizer, when the route uses one.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Lambda { get; init; }
}
