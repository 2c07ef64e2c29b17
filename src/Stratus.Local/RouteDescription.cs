namespace Stratus.Local;

/// <summary>One served route, for printing when the local cloud starts.</summary>
/// <param name="Method">The HTTP method, or <c>ANY</c>.</param>
/// <param name="Url">The full local URL, such as <c>http://127.0.0.1:3000/dev/users/{id}</c>.</param>
/// <param name="FunctionKey">The serverless.yml key of the function the route invokes.</param>
/// <param name="Api">The API the route belongs to.</param>
public sealed record RouteDescription(string Method, string Url, string FunctionKey, ApiKind Api)
{
    /// <summary>The route path as declared, such as <c>/users/{id}</c> or <c>$default</c>.</summary>
    public string Path { get; init; } = string.Empty;
}
