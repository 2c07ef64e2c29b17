using System;
using System.Net;

namespace Stratus.Functions.Internal;

/// <summary>The Runtime API answered a request with an unexpected status.</summary>
internal sealed class RuntimeApiException : Exception
{
    public RuntimeApiException()
    {
    }

    public RuntimeApiException(string message)
        : base(message)
    {
    }

    public RuntimeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RuntimeApiException(string operation, HttpStatusCode statusCode, string body)
        : base($"The Runtime API answered the {operation} with status {(int)statusCode}: {body}")
    {
        Operation = operation;
        StatusCode = statusCode;
    }

    public string Operation { get; } = "";

    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// Gets a value indicating whether the runtime must exit: AWS documents 500 as non-recoverable.
    /// </summary>
    public bool IsFatal => (int)StatusCode >= 500 || StatusCode == 0;
}
