namespace Stratus.Service;

/// <summary>A request parameter an <c>http:</c> event marks required under <c>request.parameters</c>.</summary>
/// <param name="Location">Where it is sent: <c>querystring</c>, <c>header</c> or <c>path</c>.</param>
/// <param name="Name">The parameter's name as written.</param>
public sealed record HttpRequestParameter(string Location, string Name);
