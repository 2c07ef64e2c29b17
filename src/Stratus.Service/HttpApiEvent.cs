namespace Stratus.Service;

/// <summary>An <c>httpApi:</c> event: an HTTP API (API Gateway v2) route.</summary>
/// <param name="At">Where the event is written.</param>
/// <param name="Method">The method in upper case, or <c>*</c> for any method.</param>
/// <param name="Path">The path with a leading '/', or <c>*</c> for the catch-all <c>$default</c>
/// route.</param>
/// <param name="PayloadVersion">The payload format: <c>2.0</c> unless the event or provider.httpApi.payload
/// says <c>1.0</c>.</param>
/// <param name="Authorizer">The authorizer's name or id, or null.</param>
/// <param name="Node">The event's value as written, for settings this record does not model.</param>
public sealed record HttpApiEvent(
    SourceSpan At,
    string Method,
    string Path,
    string PayloadVersion,
    string? Authorizer,
    ConfigNode Node) : FunctionEvent(At)
{
    /// <summary>
    /// Whether this is the catch-all route (<c>httpApi: '*'</c>), API Gateway's <c>$default</c>.
    /// </summary>
    public bool IsDefaultRoute => Path == "*";

    /// <summary>The route key as API Gateway names it: <c>GET /users/{id}</c>, or <c>$default</c>.</summary>
    public string RouteKey => IsDefaultRoute ? "$default" : $"{Method} {Path}";
}
