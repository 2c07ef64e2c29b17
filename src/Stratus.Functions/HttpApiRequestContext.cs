namespace Stratus.Functions;

/// <summary>The requestContext of an HTTP API (payload 2.0) request.</summary>
// The getters fall back to the defaults: System.Text.Json's source generator sets a property an event leaves
// out (a hand-written event for `invoke local`, say) to null, over its initializer.
public sealed record HttpApiRequestContext
{
    /// <summary>Gets the AWS account that owns the API.</summary>
    public string AccountId { get => field ?? ""; init; } = "";

    /// <summary>Gets the API's id.</summary>
    public string ApiId { get => field ?? ""; init; } = "";

    /// <summary>Gets what the authorizer attached to the request, when the route has one.</summary>
    public HttpApiAuthorizer? Authorizer { get; init; }

    /// <summary>Gets the domain name the request was sent to.</summary>
    public string DomainName { get => field ?? ""; init; } = "";

    /// <summary>Gets the first label of <see cref="DomainName"/>.</summary>
    public string DomainPrefix { get => field ?? ""; init; } = "";

    /// <summary>Gets the HTTP details: method, path, protocol, source IP and user agent.</summary>
    public HttpApiHttpDescription Http { get => field ??= new(); init; } = new();

    /// <summary>Gets API Gateway's id for the request.</summary>
    public string RequestId { get => field ?? ""; init; } = "";

    /// <summary>Gets the matched route, such as "GET /users/{id}".</summary>
    public string RouteKey { get => field ?? ""; init; } = "";

    /// <summary>Gets the stage name, "$default" for the default stage.</summary>
    public string Stage { get => field ?? ""; init; } = "";

    /// <summary>
    /// Gets the request time in API Gateway's CLF format, such as "12/Mar/2020:19:03:58 +0000".
    /// </summary>
    public string Time { get => field ?? ""; init; } = "";

    /// <summary>Gets the request time in Unix milliseconds.</summary>
    public long TimeEpoch { get; init; }
}
