using System.Collections.Generic;
using System.Text.Json;

namespace Stratus.Functions;

/// <summary>The requestContext of a REST API proxy (payload 1.0) request.</summary>
// The getters fall back to the defaults: System.Text.Json's source generator sets a property an event leaves
// out (a hand-written event for `invoke local`, say) to null, over its initializer.
public sealed record RestApiRequestContext
{
    /// <summary>Gets the AWS account that owns the API.</summary>
    public string AccountId { get => field ?? ""; init; } = "";

    /// <summary>Gets the API's id.</summary>
    public string ApiId { get => field ?? ""; init; } = "";

    /// <summary>
    /// Gets what the authorizer attached (Cognito claims, a Lambda authorizer's context, principalId).
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? Authorizer { get; init; }

    /// <summary>Gets the domain name the request was sent to.</summary>
    public string DomainName { get => field ?? ""; init; } = "";

    /// <summary>Gets the HTTP method, such as "GET".</summary>
    public string HttpMethod { get => field ?? ""; init; } = "";

    /// <summary>Gets the caller's identity: source IP and user agent among others.</summary>
    public RestApiRequestIdentity Identity { get => field ??= new(); init; } = new();

    /// <summary>Gets the path including the stage, such as "/prod/users/42".</summary>
    public string Path { get => field ?? ""; init; } = "";

    /// <summary>Gets the protocol, such as "HTTP/1.1".</summary>
    public string Protocol { get => field ?? ""; init; } = "";

    /// <summary>Gets API Gateway's id for the request.</summary>
    public string RequestId { get => field ?? ""; init; } = "";

    /// <summary>
    /// Gets the request time in API Gateway's CLF format, such as "09/Apr/2015:12:34:56 +0000".
    /// </summary>
    public string RequestTime { get => field ?? ""; init; } = "";

    /// <summary>Gets the request time in Unix milliseconds.</summary>
    public long RequestTimeEpoch { get; init; }

    /// <summary>Gets the id of the matched resource.</summary>
    public string ResourceId { get => field ?? ""; init; } = "";

    /// <summary>Gets the matched resource path, such as "/users/{id}".</summary>
    public string ResourcePath { get => field ?? ""; init; } = "";

    /// <summary>Gets the stage name.</summary>
    public string Stage { get => field ?? ""; init; } = "";
}
