using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>An API Gateway HTTP API request in payload format 2.0, as Lambda delivers it.</summary>
// The getters fall back to the defaults: System.Text.Json's source generator sets a property an event leaves
// out (a hand-written event for `invoke local`, say) to null, over its initializer.
public sealed record HttpApiRequest
{
    /// <summary>Gets the payload format version, "2.0".</summary>
    public string Version { get => field ?? "2.0"; init; } = "2.0";

    /// <summary>Gets the matched route, such as "GET /users/{id}", or "$default".</summary>
    public string RouteKey { get => field ?? ""; init; } = "";

    /// <summary>Gets the request path as sent, without the query string.</summary>
    public string RawPath { get => field ?? ""; init; } = "";

    /// <summary>Gets the query string as sent, without the leading '?'.</summary>
    public string RawQueryString { get => field ?? ""; init; } = "";

    /// <summary>Gets the request cookies; API Gateway moves them out of the cookie header.</summary>
    public IReadOnlyList<string>? Cookies { get; init; }

    /// <summary>Gets the headers, with lower-case names and repeated values joined by commas.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets the query parameters, with repeated values joined by commas.</summary>
    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }

    /// <summary>Gets the values of the route's {parameters}.</summary>
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    /// <summary>Gets the stage variables.</summary>
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }

    /// <summary>
    /// Gets the request context API Gateway adds: account, API, stage, HTTP details, authorizer.
    /// </summary>
    public HttpApiRequestContext RequestContext { get => field ??= new(); init; } = new();

    /// <summary>Gets the body, base64-encoded when <see cref="IsBase64Encoded"/> is true.</summary>
    public string? Body { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Body"/> is base64-encoded binary.</summary>
    public bool IsBase64Encoded { get; init; }

    /// <summary>
    /// Reads the body as JSON of type <typeparamref name="T"/>, decoding base64 first when needed.
    /// </summary>
    /// <param name="jsonTypeInfo">Source-generated metadata for <typeparamref name="T"/>.</param>
    /// <exception cref="HttpProblemException">
    /// The body is missing or is not JSON that fits <typeparamref name="T"/> (status 400).
    /// </exception>
    public T ReadJson<T>(JsonTypeInfo<T> jsonTypeInfo) =>
        RequestBody.ReadJson(Body, IsBase64Encoded, jsonTypeInfo);

    /// <summary>
    /// Returns the value of a route parameter that the route declares, such as "id" in /users/{id}.
    /// </summary>
    /// <exception cref="InvalidOperationException">The route did not supply the parameter.</exception>
    public string PathParameter(string name) =>
        TryGetPathParameter(name, out var value)
            ? value
            : throw RequestLookup.MissingPathParameter(name, RouteKey);

    /// <summary>Looks up a route parameter, returning false when the route did not supply it.</summary>
    public bool TryGetPathParameter(string name, [NotNullWhen(true)] out string? value) =>
        RequestLookup.TryGetExact(PathParameters, name, out value);

    /// <summary>Returns a query parameter (repeated values joined by commas), or null when absent.</summary>
    public string? QueryParameter(string name) =>
        RequestLookup.TryGetExact(QueryStringParameters, name, out var value) ? value : null;

    /// <summary>Returns every value of a query parameter, read from the raw query string.</summary>
    public IReadOnlyList<string> QueryParameterValues(string name) => QueryString.Values(RawQueryString, name);

    /// <summary>Returns a header value, matching the name case-insensitively, or null when absent.</summary>
    public string? Header(string name) => RequestLookup.Header(Headers, name);
}
