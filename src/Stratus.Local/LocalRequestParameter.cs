namespace Stratus.Local;

/// <summary>A request parameter that a REST route's validator requires.</summary>
/// <param name="Location">Where the parameter is sent.</param>
/// <param name="Name">Its name: a query string key, a header name (any case) or a path parameter.</param>
public sealed record LocalRequestParameter(RequestParameterLocation Location, string Name);
