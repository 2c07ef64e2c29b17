using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>
/// What <see cref="HttpApiHandler"/> and <see cref="RestApiHandler"/> share: answers built with
/// <see cref="HttpResults"/> in the handler's payload format, and an <see cref="HttpProblemException"/> thrown by
/// <c>HandleAsync</c> turned into a problem answer. Any other exception fails the invocation.
/// </summary>
/// <typeparam name="TRequest">The proxy event of the payload format.</typeparam>
/// <typeparam name="TResponse">The proxy response of the payload format.</typeparam>
public abstract class ApiGatewayHandler<TRequest, TResponse> : FunctionHandler<TRequest, TResponse>
    where TResponse : class, IApiGatewayResponse<TResponse>
{
    /// <summary>Returns 200 with <paramref name="value"/> as JSON.</summary>
    protected static TResponse Ok<T>(T value, JsonTypeInfo<T> json) =>
        TResponse.FromResult(HttpResults.Ok(value, json));

    /// <summary>Returns 201 with a location header and <paramref name="value"/> as JSON.</summary>
    protected static TResponse Created<T>(string location, T value, JsonTypeInfo<T> json) =>
        TResponse.FromResult(HttpResults.Created(location, value, json));

    /// <summary>Returns 204 with no body.</summary>
    protected static TResponse NoContent() => TResponse.FromResult(HttpResults.NoContent());

    /// <summary>Returns a JSON body with the given status code.</summary>
    protected static TResponse Json<T>(int statusCode, T value, JsonTypeInfo<T> json) =>
        TResponse.FromResult(HttpResults.Json(statusCode, value, json));

    /// <summary>Returns a 400 problem, optionally with validation errors (field name to messages).</summary>
    protected static TResponse BadRequest(string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        TResponse.FromResult(HttpResults.BadRequest(detail, errors));

    /// <summary>Returns a 401 problem with a WWW-Authenticate challenge.</summary>
    protected static TResponse Unauthorized(string detail, string challenge = "Bearer") =>
        TResponse.FromResult(HttpResults.Unauthorized(detail, challenge));

    /// <summary>Returns a 403 problem.</summary>
    protected static TResponse Forbidden(string detail) => TResponse.FromResult(HttpResults.Forbidden(detail));

    /// <summary>Returns a 404 problem.</summary>
    protected static TResponse NotFound(string detail) => TResponse.FromResult(HttpResults.NotFound(detail));

    /// <summary>Returns a 409 problem.</summary>
    protected static TResponse Conflict(string detail) => TResponse.FromResult(HttpResults.Conflict(detail));

    /// <summary>Returns an RFC 9457 problem with any error status.</summary>
    protected static TResponse Problem(
        int status,
        string title,
        string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null) =>
        TResponse.FromResult(HttpResults.Problem(status, title, detail, errors));

    /// <inheritdoc />
    protected override bool TryHandleException(
        Exception exception,
        ILambdaContext context,
        [MaybeNullWhen(false)] out TResponse result)
    {
        ArgumentNullException.ThrowIfNull(context);

        if (exception is not HttpProblemException problem)
        {
            result = null;
            return false;
        }

        FunctionLog.AnsweredProblem(context.Logger, context.AwsRequestId, problem.Status, problem.Title);
        result = TResponse.FromResult(HttpResults.Problem(problem.ToProblemDetails()));
        return true;
    }
}
