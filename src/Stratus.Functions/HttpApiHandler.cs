using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>
/// Base class for an API Gateway HTTP API (payload 2.0) handler. An <see cref="HttpProblemException"/>
/// thrown by <c>HandleAsync</c>, including a malformed body read with <see cref="HttpApiRequest.ReadJson{T}"/>,
/// becomes a problem answer; any other exception fails the invocation, which API Gateway answers with 500.
/// </summary>
public abstract class HttpApiHandler : FunctionHandler<HttpApiRequest, HttpApiResponse>
{
    /// <inheritdoc />
    protected sealed override JsonTypeInfo<HttpApiRequest> EventTypeInfo =>
        SdkJsonContext.Default.HttpApiRequest;

    /// <inheritdoc />
    protected sealed override JsonTypeInfo<HttpApiResponse> ResultTypeInfo =>
        SdkJsonContext.Default.HttpApiResponse;

    /// <summary>Returns 200 with <paramref name="value"/> as JSON.</summary>
    protected static HttpApiResponse Ok<T>(T value, JsonTypeInfo<T> json) => HttpResults.Ok(value, json);

    /// <summary>Returns 201 with a location header and <paramref name="value"/> as JSON.</summary>
    protected static HttpApiResponse Created<T>(string location, T value, JsonTypeInfo<T> json) =>
        HttpResults.Created(location, value, json);

    /// <summary>Returns 204 with no body.</summary>
    protected static HttpApiResponse NoContent() => HttpResults.NoContent();

    /// <summary>Returns a JSON body with the given status code.</summary>
    protected static HttpApiResponse Json<T>(int statusCode, T value, JsonTypeInfo<T> json) =>
        HttpResults.Json(statusCode, value, json);

    /// <summary>Returns a 400 problem, optionally with validation errors (field name to messages).</summary>
    protected static HttpApiResponse BadRequest(
        string detail,
        IReadOnlyDictionary<string, string[]>? errors = null) =>
        HttpResults.BadRequest(detail, errors);

    /// <summary>Returns a 401 problem.</summary>
    protected static HttpApiResponse Unauthorized(string detail, string challenge = "Bearer") =>
        HttpResults.Unauthorized(detail, challenge);

    /// <summary>Returns a 403 problem.</summary>
    protected static HttpApiResponse Forbidden(string detail) => HttpResults.Forbidden(detail);

    /// <summary>Returns a 404 problem.</summary>
    protected static HttpApiResponse NotFound(string detail) => HttpResults.NotFound(detail);

    /// <summary>Returns a 409 problem.</summary>
    protected static HttpApiResponse Conflict(string detail) => HttpResults.Conflict(detail);

    /// <summary>Returns an RFC 9457 problem with any error status.</summary>
    protected static HttpApiResponse Problem(
        int status,
        string title,
        string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null) =>
        HttpResults.Problem(status, title, detail, errors);

    /// <inheritdoc />
    protected override bool TryHandleException(
        Exception exception,
        ILambdaContext context,
        [MaybeNullWhen(false)] out HttpApiResponse result)
    {
        ArgumentNullException.ThrowIfNull(context);

        if (exception is not HttpProblemException problem)
        {
            result = null;
            return false;
        }

        FunctionLog.AnsweredProblem(context.Logger, context.AwsRequestId, problem.Status, problem.Title);
        result = HttpResults.Problem(problem.ToProblemDetails());
        return true;
    }
}
