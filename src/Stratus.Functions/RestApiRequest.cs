using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>An API Gateway REST API proxy request (payload format 1.0), as Lambda delivers it.</summary>
// The getters fall back to the defaults: System.Text.Json's source generator sets a property an event leaves
// out (a hand-written event for `invoke local`, say) to null, over its initializer.
public sealed record RestApiRequest
{
    /// <summary>Gets the matched resource, such as "/users/{id}".</summary>
    public string Resource { get => field ?? ""; init; } = "";

    /// <summary>Gets the request path, such as "/users/42".</summary>
    public string Path { get => field ?? ""; init; } = "";

    /// <summary>Gets the HTTP method, such as "GET".</summary>
    public string HttpMethod { get => field ?? ""; init; } = "";

    /// <summary>Gets the headers as sent (last value of a repeated header).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Gets every value of every header.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueHeaders { get; init; }

    /// <summary>Gets the query parameters (last value of a repeated parameter).</summary>
    public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }

    /// <summary>Gets every value of every query parameter.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueQueryStringParameters { get; init; }

    /// <summary>Gets the values of the resource's {parameters}.</summary>
    public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    /// <summary>Gets the stage variables.</summary>
    public IReadOnlyDictionary<string, string>? StageVariables { get; init; }

    /// <summary>
    /// Gets the request context API Gateway adds: account, API, stage, identity, authorizer.
    /// </summary>
    public RestApiRequestContext RequestContext { get => field ??= new(); init; } = new();

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
    /// Returns the value of a path parameter the resource declares, such as "id" in /users/{id}.
    /// </summary>
    /// <exception cref="InvalidOperationException">The resource did not supply the parameter.</exception>
    public string PathParameter(string name) =>
        TryGetPathParameter(name, out var value)
            ? value
            : throw RequestLookup.MissingPathParameter(name, Resource.Length == 0 ? "" : $"{HttpMethod} {Resource}");

    /// <summary>Looks up a path parameter, returning false when the resource did not supply it.</summary>
    public bool TryGetPathParameter(string name, [NotNullWhen(true)] out string? value) =>
        RequestLookup.TryGetExact(PathParameters, name, out value);

    /// <summary>Returns a query parameter (the last value when repeated), or null when absent.</summary>
    public string? QueryParameter(string name) =>
        RequestLookup.TryGetExact(QueryStringParameters, name, out var value) ? value : null;

    /// <summary>Returns every value of a query parameter, or an empty list when absent.</summary>
    public IReadOnlyList<string> QueryParameterValues(string name)
    {
        if (MultiValueQueryStringParameters is not null
            && MultiValueQueryStringParameters.TryGetValue(name, out var values))
        {
            return values;
        }

        return QueryParameter(name) is { } single ? [single] : [];
    }

    /// <summary>Returns a header value, matching the name case-insensitively, or null when absent.</summary>
    public string? Header(string name) => RequestLookup.Header(Headers, name);

    /// <summary>Returns every value of a header, matching the name case-insensitively.</summary>
    public IReadOnlyList<string> HeaderValues(string name)
    {
        if (RequestLookup.TryGetIgnoreCase(MultiValueHeaders, name, out var values))
        {
            return values;
        }

        return Header(name) is { } single ? [single] : [];
    }
}
