namespace Stratus.Local;

/// <summary>Where a request parameter is sent, as API Gateway's method.request.{location}.{name} names it.</summary>
public enum RequestParameterLocation
{
    /// <summary>A header.</summary>
    Header,

    /// <summary>A path parameter, such as <c>id</c> in <c>/users/{id}</c>.</summary>
    Path,

    /// <summary>A query string parameter.</summary>
    QueryString,
}
