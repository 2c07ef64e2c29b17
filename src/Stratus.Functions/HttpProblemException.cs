using System;
using System.Collections.Generic;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>
/// Thrown by handler code to answer with an RFC 9457 problem; <see cref="HttpApiHandler"/> and
/// <see cref="RestApiHandler"/> turn it into a response instead of failing the invocation.
/// </summary>
public sealed class HttpProblemException : Exception
{
    /// <summary>Initializes a new 500 problem with a generic title.</summary>
    public HttpProblemException()
        : this(500, "Internal Server Error")
    {
    }

    /// <summary>Initializes a new 500 problem with the given detail.</summary>
    public HttpProblemException(string message)
        : this(500, "Internal Server Error", message)
    {
    }

    /// <summary>Initializes a new 500 problem with the given detail and cause.</summary>
    public HttpProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 500;
        Title = "Internal Server Error";
        Detail = message;
    }

    /// <summary>
    /// Initializes a new problem with a status code, a title and, optionally, detail and field errors.
    /// </summary>
    /// <param name="status">An HTTP error status, 400 to 599.</param>
    /// <param name="title">A short summary of the kind of problem, such as "Not Found".</param>
    /// <param name="detail">What went wrong in this request.</param>
    /// <param name="errors">Validation errors: field name to messages.</param>
    public HttpProblemException(
        int status,
        string title,
        string? detail = null,
        IReadOnlyDictionary<string, string[]>? errors = null)
        : base(detail ?? title)
    {
        ProblemDocument.ThrowIfNotErrorStatus(status);
        ArgumentException.ThrowIfNullOrEmpty(title);

        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    /// <summary>Gets the HTTP status code of the answer.</summary>
    public int Status { get; }

    /// <summary>Gets the problem's title.</summary>
    public string Title { get; }

    /// <summary>Gets the problem's detail.</summary>
    public string? Detail { get; }

    /// <summary>Gets validation errors: field name to messages.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    /// <summary>Returns the problem details body this exception is answered with.</summary>
    public HttpProblemDetails ToProblemDetails() => ProblemDocument.Create(Status, Title, Detail, Errors);
}
