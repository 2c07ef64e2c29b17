using System.Collections.Generic;
using System.Text.Json;

namespace Stratus.Functions;

/// <summary>The requestContext of a REST API proxy (payload 1.0) request.</summary>
public sealed record RestApiRequestContext
{
    /// <summary>Gets the AWS account that owns the API.</summary>
    public string AccountId { get; init; } = "";

    /// <summary>Gets the API's id.</summary>
    public string ApiId { get; init; } = "";

    /// <summary>
    /// Gets what the authorizer attached (Cognito claims, a Lambda authorizer's context, principalId).
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? Authorizer { get; init; }

    /// <summary>Gets the domain name the request was sent to.</summary>
    public string DomainName { get; init; } = "";

    /// <summary>Gets the HTTP method, such as "GET".</summary>
    public string HttpMethod { get; init; } = "";

    /// <summary>Gets the caller's identity: source IP and user agent among others.</summary>
    public RestApiRequestIdentity Identity { get; init; } = new();

    /// <summary>Gets the path including the stage, such as "/prod/users/42".</summary>
    public string Path { get; init; } = "";

    /// <summary>Gets the protocol, such as "HTTP/1.1".</summary>
    public string Protocol { get; init; } = "";

    /// <summary>Gets API Gateway's id for the request.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>
    /// Gets the request time in API Gateway's CLF format, such as "09/Apr/2015:12:34:56 +0000".
    /// </summary>
    public string RequestTime { get; init; } = "";

    /// <summary>Gets the request time in Unix milliseconds.</summary>
    public long RequestTimeEpoch { get; init; }

    /// <summary>Gets the id of the matched resource.</summary>
    public string ResourceId { get; init; } = "";

    /// <summary>Gets the matched resource path, such as "/users/{id}".</summary>
    public string ResourcePath { get; init; } = "";

    /// <summary>Gets the stage name.</summary>
    public string Stage { get; init; } = "";
}
