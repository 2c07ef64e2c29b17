using System;
using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Internal;

/// <summary>
/// Log events of the runtime host (event ids 41xx). None of them carries a payload or variable value.
/// </summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Critical,
        Message = "AWS_LAMBDA_RUNTIME_API is not set, so there is no Runtime API to serve; "
            + "run this program in AWS Lambda, or under 'stratus dev' or 'stratus invoke local'")]
    public static partial void RuntimeApiMissing(ILogger logger);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Critical,
        Message = "Initialization failed with {ErrorType}: {ErrorMessage}")]
    public static partial void InitFailed(
        ILogger logger,
        string errorType,
        string errorMessage,
        Exception? exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error,
        Message = "Invocation {RequestId} failed with {ErrorType}: {ErrorMessage}")]
    public static partial void InvocationFailed(
        ILogger logger,
        string requestId,
        string errorType,
        string errorMessage,
        Exception? exception);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error,
        Message = "The Runtime API refused the {Operation} of request {RequestId} with status {StatusCode}")]
    public static partial void PostRefused(ILogger logger, string operation, string requestId, int statusCode);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Critical,
        Message = "The Runtime API failed during {Operation}; ending the runtime")]
    public static partial void RuntimeApiFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning,
        Message = "{Variable} is not one of Trace, Debug, Information, Warning, Error, Critical "
            + "(or TRACE, DEBUG, INFO, WARN, ERROR, FATAL); logging at Information")]
    public static partial void UnknownLogLevel(ILogger logger, string variable);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Debug,
        Message = "Serving handler {Handler}")]
    public static partial void HandlerSelected(ILogger logger, string handler);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Warning,
        Message = "Request {RequestId} has no valid Lambda-Runtime-Deadline-Ms header; "
            + "it will not be cancelled before Lambda ends it")]
    public static partial void NoDeadline(ILogger logger, string requestId);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Debug,
        Message = "Runtime loop stopped by cancellation")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning,
        Message = "The GC refused a heap limit of {LimitMegabytes} MB (the function's memorySize), so the heap is "
            + "not capped; set AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK=true to skip the cap")]
    public static partial void HeapLimitRefused(ILogger logger, ulong limitMegabytes, Exception exception);
}
