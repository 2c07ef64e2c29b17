using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Internal;

/// <summary>Log events of the handler base classes (event ids 40xx).</summary>
internal static partial class FunctionLog
{
    // Lambda's own START, END and REPORT lines already mark each invocation; repeating them at Information
    // would double every function's log volume (and its CloudWatch bill).
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug,
        Message = "Function {FunctionName} started request {RequestId}")]
    public static partial void Started(ILogger logger, string functionName, string requestId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Debug,
        Message = "Function {FunctionName} finished request {RequestId} in {DurationMs} ms")]
    public static partial void Finished(
        ILogger logger,
        string functionName,
        string requestId,
        double durationMs);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information,
        Message = "Function {FunctionName} failed request {RequestId} after {DurationMs} ms")]
    public static partial void Failed(ILogger logger, string functionName, string requestId, double durationMs);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information,
        Message = "Request {RequestId} answered with problem {StatusCode} {Title}")]
    public static partial void AnsweredProblem(ILogger logger, string requestId, int statusCode, string title);
}
