namespace Stratus.Local;

/// <summary>One API Gateway route that invokes a function.</summary>
/// <param name="Api">The API the route belongs to.</param>
/// <param name="Method">The HTTP method, or <c>ANY</c> / <c>*</c> for every method.</param>
/// <param name="Path">
/// The route path, such as <c>/users/{id}</c> or <c>/files/{proxy+}</c>, or <c>$default</c> for the
/// HTTP API catch-all route.
/// </param>
/// <param name="PayloadVersion">
/// The HTTP API payload format, <c>2.0</c> or <c>1.0</c>; REST routes always get the 1.0 shape.
/// </param>
public sealed record LocalRoute(ApiKind Api, string Method, string Path, string PayloadVersion = "2.0")
{
    /// <summary>
    /// The REST route's CORS settings, or null when CORS is off; the gateway then answers its path's OPTIONS
    /// preflight itself, as the Serverless Framework's generated mock method does. HTTP API routes ignore it
    /// and use <see cref="LocalCloudOptions.HttpApiCors"/>.
    /// </summary>
    public LocalCors? Cors { get; init; }

    /// <summary>
    /// The REST route's request validator, or null when it has none. HTTP API routes have no validators.
    /// </summary>
    public LocalRequestValidation? Validation { get; init; }
}
