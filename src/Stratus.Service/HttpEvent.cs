namespace Stratus.Service;

/// <summary>An <c>http:</c> event: a REST API (API Gateway v1) route.</summary>
/// <param name="At">Where the event is written.</param>
/// <param name="Method">The method in upper case, or <c>ANY</c>.</param>
/// <param name="Path">The path with a leading '/' and no trailing '/', such as <c>/users/{id}</c>.</param>
/// <param name="Cors">The CORS settings, or null when CORS is off.</param>
/// <param name="Private">Whether the route needs an API key.</param>
/// <param name="Integration">The integration: <c>lambda-proxy</c> (default), <c>lambda</c>, <c>http</c>,
/// <c>http-proxy</c> or <c>mock</c>.</param>
/// <param name="Authorizer">The authorizer's name, ARN or type (such as <c>aws_iam</c>), or null.</param>
/// <param name="Node">The event's value as written, for settings this record does not model.</param>
public sealed record HttpEvent(
    SourceSpan At,
    string Method,
    string Path,
    HttpCors? Cors,
    bool Private,
    string Integration,
    string? Authorizer,
    ConfigNode Node) : FunctionEvent(At)
{
    /// <summary>The request validator API Gateway applies to the route, or null when it has none.</summary>
    public HttpRequestValidation? Validation { get; init; }
}
