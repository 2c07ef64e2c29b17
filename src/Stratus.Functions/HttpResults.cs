using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>
/// Builds common HTTP answers: JSON bodies with content-type application/json, and RFC 9457 problem
/// details with content-type application/problem+json. The handler base classes expose the same helpers.
/// </summary>
public static class HttpResults
{
    /// <summary>The content type of JSON bodies.</summary>
    public const string JsonContentType = "application/json";

    /// <summary>The content type of RFC 9457 problem bodies.</summary>
    public const string ProblemContentType = "application/problem+json";

    /// <summary>Returns 200 with <paramref name="value"/> as JSON.</summary>
    public static HttpResult Ok<T>(T value, JsonTypeInfo<T> json) => Json(200, value, json);

    /// <summary>Returns 201 with a location header and <paramref name="value"/> as JSON.</summary>
    /// <param name="location">The URI of the created resource, such as "/users/42".</param>
    /// <param name="value">The created resource.</param>
    /// <param name="json">Source-generated metadata for <typeparamref name="T"/>.</param>
    public static HttpResult Created<T>(string location, T value, JsonTypeInfo<T> json)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);

        var result = Json(201, value, json);
        return result with { Headers = HeaderSet.With(result.Headers, "location", location) };
    }

    /// <summary>Returns 204 with no body.</summary>
    public static HttpResult NoContent() => new() { StatusCode = 204 };

    /// <summary>Returns a JSON body with the given status code.</summary>
    public static HttpResult Json<T>(int statusCode, T value, JsonTypeInfo<T> json)
    {
        ArgumentNullException.ThrowIfNull(json);

        return new HttpResult
        {
            StatusCode = statusCode,
            Headers = HeaderSet.Single("content-type", JsonContentType),
            Body = JsonSerializer.Serialize(value, json),
        };
    }

    /// <summary>Returns a 400 problem, optionally with validation errors (field name to messages).</summary>
    public static HttpResult BadRequest(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        Problem(400, "Bad Request", detail, errors);

    /// <summary>Returns a 401 problem with the WWW-Authenticate challenge RFC 9110 (section 11.6.1) requires.</summary>
    /// <param name="detail">What went wrong in this request.</param>
    /// <param name="challenge">The authentication scheme the client should use, such as Bearer or Basic.</param>
    public static HttpResult Unauthorized(string detail, string challenge = "Bearer")
    {
        ArgumentException.ThrowIfNullOrEmpty(challenge);

        var problem = Problem(401, "Unauthorized", detail);
        return problem with { Headers = HeaderSet.With(problem.Headers, "www-authenticate", challenge) };
    }

    /// <summary>Returns a 403 problem.</summary>
    public static HttpResult Forbidden(string detail) => Problem(403, "Forbidden", detail);

    /// <summary>Returns a 404 problem.</summary>
    public static HttpResult NotFound(string detail) => Problem(404, "Not Found", detail);

    /// <summary>Returns a 409 problem.</summary>
    public static HttpResult Conflict(string detail) => Problem(409, "Conflict", detail);

    /// <summary>Returns an RFC 9457 problem with any error status.</summary>
    /// <param name="status">An HTTP error status, 400 to 599.</param>
    /// <param name="title">A short summary of the kind of problem.</param>
    /// <param name="detail">What went wrong in this request.</param>
    /// <param name="errors">Validation errors: field name to messages.</param>
    public static HttpResult Problem(
        int status,
        string title,
        string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null) =>
        Problem(ProblemDocument.Create(status, title, detail, errors));

    /// <summary>Returns a problem details body as an answer with its status code.</summary>
    public static HttpResult Problem(HttpProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ProblemDocument.ThrowIfNotErrorStatus(problem.Status);

        return new HttpResult
        {
            StatusCode = problem.Status,
            Headers = HeaderSet.Single("content-type", ProblemContentType),
            Body = JsonSerializer.Serialize(problem, SdkJsonContext.Default.HttpProblemDetails),
        };
    }
}
