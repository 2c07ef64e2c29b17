using Microsoft.Extensions.Logging;

namespace Stratus.Local.Internal;

/// <summary>The local cloud's repeated log events: 20xx the Lambda side, 21xx API Gateway, 22xx Invoke API.</summary>
internal static partial class EmulatorLog
{
    [LoggerMessage(EventId = 2001, Message = "Local cloud listening on {Address} with {FunctionCount} functions")]
    public static partial void CloudStarted(ILogger logger, LogLevel level, Uri address, int functionCount);

    [LoggerMessage(EventId = 2002, Message = "Local cloud stopped; function processes ended: {ProcessCount}")]
    public static partial void CloudStopped(ILogger logger, LogLevel level, int processCount);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug,
        Message = "Cold start of {FunctionKey}: process {ProcessId}, Runtime API on port {Port}, " +
            "started in {ElapsedMs} ms")]
    public static partial void InstanceStarted(
        ILogger logger, string functionKey, int processId, int port, double elapsedMs);

    [LoggerMessage(EventId = 2033, Level = LogLevel.Warning,
        Message = "Could not delete the temp folder '{Path}' of an ended instance of {FunctionKey} ({Reason}); " +
            "delete it by hand")]
    public static partial void TempDirectoryNotDeleted(ILogger logger, string functionKey, string path, string reason);

    [LoggerMessage(EventId = 2034, Level = LogLevel.Debug,
        Message = "Deleted the temp folder '{Path}' of an ended instance of {FunctionKey}")]
    public static partial void TempDirectoryDeleted(ILogger logger, string functionKey, string path);

    // Debug: Lambda says nothing when it ends an environment, and a process the tree kill just signalled may still
    // be on its way out when the leftovers are looked for, so the count can include it.
    [LoggerMessage(EventId = 2036, Level = LogLevel.Debug,
        Message = "Ended {Count} processes that instance {ProcessId} of {FunctionKey} left running when it ended, as " +
            "Lambda ends the execution environment with its runtime")]
    public static partial void LeftoverProcessesEnded(ILogger logger, string functionKey, int processId, int count);

    [LoggerMessage(EventId = 2035, Level = LogLevel.Debug,
        Message = "Deleted {Count} temp folders that emulators killed outright had left behind")]
    public static partial void OrphanedTempDirectoriesDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug,
        Message = "Stopping instance {ProcessId} of {FunctionKey}: {Reason}")]
    public static partial void InstanceStopping(ILogger logger, string functionKey, int processId, string reason);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning,
        Message = "Instance {ProcessId} of {FunctionKey} exited with code {ExitCode} outside an invocation")]
    public static partial void InstanceExited(ILogger logger, string functionKey, int processId, int exitCode);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Debug,
        Message = "Instance {ProcessId} of {FunctionKey} was stopped by a signal (exit code {ExitCode}) outside an " +
            "invocation")]
    public static partial void InstanceStoppedBySignal(ILogger logger, string functionKey, int processId, int exitCode);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Error,
        Message = "Instance of {FunctionKey} failed inside the emulator; the instance is discarded")]
    public static partial void InstanceFault(ILogger logger, string functionKey, Exception exception);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Debug,
        Message = "Could not start '{ExecutablePath}' for {FunctionKey} in '{TaskRoot}': {Reason}")]
    public static partial void InstanceStartFailed(
        ILogger logger, string functionKey, string executablePath, string taskRoot, string reason);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Error,
        Message = "{FunctionKey} cannot start: '{ExecutablePath}' is not executable. Lambda keeps the file modes " +
            "its zip records and fails the same way, so make it executable before zipping (chmod 755, then zip on " +
            "Linux or macOS; on Windows use a tool that records the mode, such as build-lambda-zip)")]
    public static partial void ExecutableNotExecutable(ILogger logger, string functionKey, string executablePath);

    [LoggerMessage(EventId = 2039, Level = LogLevel.Error,
        Message = "{FunctionKey} cannot start: {Problem}; fix: {Fix}")]
    public static partial void ExecutableCannotStart(ILogger logger, string functionKey, string problem, string fix);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning,
        Message = "{FunctionKey} request {RequestId} timed out after {TimeoutSeconds} s; ending process {ProcessId}")]
    public static partial void InvocationTimedOut(
        ILogger logger, string functionKey, string requestId, double timeoutSeconds, int processId);

    [LoggerMessage(EventId = 2037, Level = LogLevel.Warning,
        Message = "{FunctionKey} answered request {RequestId}, but its runtime did not ask for the next event within " +
            "the timeout of {TimeoutSeconds} s; ending process {ProcessId}, as Lambda ends an environment whose " +
            "invocation does not end in time (Task timed out). Work left after the answer must end before it")]
    public static partial void AnsweredButNeverAskedNext(
        ILogger logger, string functionKey, string requestId, double timeoutSeconds, int processId);

    [LoggerMessage(EventId = 2029, Level = LogLevel.Warning,
        Message = "{FunctionKey} used {PeakMegabytes} MB, more than its memorySize of {MemorySize} MB; ending " +
            "process {ProcessId} as Lambda would, so request {RequestId} fails with Runtime.ExitError. Raise the " +
            "function's memorySize in serverless.yml, or make it use less memory")]
    public static partial void MemoryExceeded(
        ILogger logger, string functionKey, long peakMegabytes, int memorySize, int processId, string requestId);

    [LoggerMessage(EventId = 2030, Level = LogLevel.Warning,
        Message = "{FunctionKey} used {PeakMegabytes} MB, more than its memorySize of {MemorySize} MB; ending idle " +
            "process {ProcessId} as Lambda would, and the next request starts a new one. Raise the function's " +
            "memorySize in serverless.yml, or make it use less memory")]
    public static partial void MemoryExceededIdle(
        ILogger logger, string functionKey, long peakMegabytes, int memorySize, int processId);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning,
        Message = "{FunctionKey} did not initialize within {LimitSeconds} s; ending process {ProcessId} and retrying " +
            "init inside request {RequestId} under the function timeout, as Lambda does")]
    public static partial void InitRetriedInInvoke(
        ILogger logger, string functionKey, double limitSeconds, int processId, string requestId);

    [LoggerMessage(EventId = 2038, Level = LogLevel.Debug,
        Message = "{FunctionKey} re-initializes an environment reset by a timeout or crash, as Lambda does with the " +
            "next invocation: the init is part of request {RequestId}'s Duration, with no Init Duration")]
    public static partial void ReinitializingAfterReset(ILogger logger, string functionKey, string requestId);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning,
        Message = "{FunctionKey} event {RequestId} from {Source} failed on attempt {Attempt} of {Attempts}: " +
            "{ErrorType}: {ErrorMessage}; retrying in {DelaySeconds} s, as Lambda does")]
    public static partial void AsyncAttemptFailed(
        ILogger logger,
        string functionKey,
        string requestId,
        string source,
        int attempt,
        int attempts,
        string errorType,
        string errorMessage,
        double delaySeconds);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Information,
        Message = "Retrying {FunctionKey} event {RequestId} from {Source}: attempt {Attempt} of {Attempts}")]
    public static partial void AsyncRetryStarted(
        ILogger logger, string functionKey, string requestId, string source, int attempt, int attempts);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Warning,
        Message = "{FunctionKey} event {RequestId} from {Source} failed on its last attempt, {Attempt} of " +
            "{Attempts}: {ErrorType}: {ErrorMessage}; the event is discarded")]
    public static partial void AsyncEventFailed(
        ILogger logger,
        string functionKey,
        string requestId,
        string source,
        int attempt,
        int attempts,
        string errorType,
        string errorMessage);

    [LoggerMessage(EventId = 2024, Level = LogLevel.Warning,
        Message = "{FunctionKey} event {RequestId} from {Source} failed on attempt {Attempt}: {ErrorType}: " +
            "{ErrorMessage}; the event is discarded, as it would pass its maximumEventAge of {MaxAgeSeconds} s " +
            "before the next retry")]
    public static partial void AsyncEventExpired(
        ILogger logger,
        string functionKey,
        string requestId,
        string source,
        int attempt,
        string errorType,
        string errorMessage,
        double maxAgeSeconds);

    [LoggerMessage(EventId = 2025, Level = LogLevel.Warning,
        Message = "{FunctionKey} event {RequestId} from {Source} is discarded before attempt {Attempt}: the " +
            "reloaded service has no function {FunctionKey}")]
    public static partial void AsyncRetryFunctionGone(
        ILogger logger, string functionKey, string requestId, string source, int attempt);

    [LoggerMessage(EventId = 2026, Level = LogLevel.Information,
        Message = "{FunctionKey} event {RequestId} from {Source} succeeded on attempt {Attempt}")]
    public static partial void AsyncRetrySucceeded(
        ILogger logger, string functionKey, string requestId, string source, int attempt);

    [LoggerMessage(EventId = 2027, Level = LogLevel.Debug,
        Message = "{Count} pending retries of asynchronous events are dropped as the local cloud stops")]
    public static partial void AsyncRetriesDropped(ILogger logger, int count);

    [LoggerMessage(EventId = 2028, Level = LogLevel.Warning,
        Message = "{FunctionKey} event {RequestId} from {Source} did not run: {ErrorType}: {ErrorMessage}; the " +
            "event is discarded, where Lambda would retry it until it reaches its maximumEventAge")]
    public static partial void AsyncEventNotRun(
        ILogger logger, string functionKey, string requestId, string source, string errorType, string errorMessage);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Warning,
        Message = "The function output sink threw for a line of {FunctionKey}; the line is dropped")]
    public static partial void OutputSinkFailed(ILogger logger, string functionKey, Exception exception);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Debug,
        Message = "Runtime API of {FunctionKey} answered {Method} {Path} with {StatusCode} {ErrorType}")]
    public static partial void RuntimeApiRejected(
        ILogger logger, string functionKey, string method, string path, int statusCode, string errorType);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning,
        Message = "{FunctionKey} answered request {RequestId} with {Bytes} bytes, over Lambda's 6 MB response limit")]
    public static partial void ResponseTooLarge(ILogger logger, string functionKey, string requestId, long bytes);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "No route matches {Method} {Path}; answering {StatusCode}")]
    public static partial void RouteNotFound(ILogger logger, string method, string path, int statusCode);

    [LoggerMessage(EventId = 2112, Level = LogLevel.Warning,
        Message = "{Method} {Path}: an HTTP API decodes the path twice, and a '%' in it is no escape after the first " +
            "decoding (a literal '%', or '%25'); answering 400 as AWS does. A path that must hold '%' needs a " +
            "REST API")]
    public static partial void HttpApiPathUnreadable(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning,
        Message = "{FunctionKey} failed for {Method} {Path}: {ErrorType}: {ErrorMessage}; answering {StatusCode}")]
    public static partial void GatewayInvocationFailed(
        ILogger logger,
        string functionKey,
        string method,
        string path,
        string errorType,
        string errorMessage,
        int statusCode);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning,
        Message = "{FunctionKey} returned a malformed proxy response for {Method} {Path}: {Reason}; " +
            "answering {StatusCode}")]
    public static partial void MalformedProxyResponse(
        ILogger logger, string functionKey, string method, string path, string reason, int statusCode);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning,
        Message = "{FunctionKey} did not answer {Method} {Path} within the {Seconds} s integration timeout")]
    public static partial void IntegrationTimedOut(
        ILogger logger, string functionKey, string method, string path, double seconds);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning,
        Message = "Request {Method} {Path} for {FunctionKey} is too large: {Bytes} bytes; answering {StatusCode}")]
    public static partial void GatewayRequestTooLarge(
        ILogger logger, string functionKey, string method, string path, long bytes, int statusCode);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Information,
        Message = "{Method} {Path} for {FunctionKey} fails the route's request validator: {Problem}; answering 400")]
    public static partial void GatewayRequestInvalid(
        ILogger logger, string functionKey, string method, string path, string problem);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Error,
        Message = "The request validator of {FunctionKey} ({RouteMethod} {RoutePath}) failed on {Method} {Path}; "
            + "answering 400 as for an invalid request")]
    public static partial void GatewayValidatorFault(
        ILogger logger,
        string functionKey,
        string routeMethod,
        string routePath,
        string method,
        string path,
        Exception exception);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning,
        Message = "The request validator of {FunctionKey} ({RouteMethod} {RoutePath}) gave up on {Method} {Path}: "
            + "{Reason}; answering 400 as for an invalid request")]
    public static partial void GatewayValidatorTooSlow(
        ILogger logger,
        string functionKey,
        string routeMethod,
        string routePath,
        string method,
        string path,
        string reason);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Warning,
        Message = "{Method} {Path} has {What} of {Size}, over API Gateway's {Limit}; answering {StatusCode}")]
    public static partial void GatewayRequestOverLimit(
        ILogger logger, string method, string path, string what, int size, int limit, int statusCode);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Error,
        Message = "The emulator failed while serving {Method} {Path}")]
    public static partial void RequestFault(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Information,
        Message = "The client of {Method} {Path} broke HTTP ({Reason}); answering {StatusCode}")]
    public static partial void ClientBrokeHttp(
        ILogger logger, string method, string path, string reason, int statusCode);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning,
        Message = "Invoke API: no function is served as '{FunctionName}'. {Hint}")]
    public static partial void InvokeFunctionNotFound(ILogger logger, string functionName, string hint);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning,
        Message = "Invoke API: {FunctionKey} request {RequestId} failed: {ErrorType}: {ErrorMessage}")]
    public static partial void InvokeFailed(
        ILogger logger, string functionKey, string requestId, string errorType, string errorMessage);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning,
        Message = "Invoke API rejected a request for {FunctionName}: {ErrorType}: {ErrorMessage}")]
    public static partial void InvokeRejected(
        ILogger logger, string functionName, string errorType, string errorMessage);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning,
        Message = "Invoke API: '{FunctionKey}' is the serverless.yml key of function '{FunctionName}'; " +
            "AWS finds a function only by its name, so call it by that name")]
    public static partial void InvokeFunctionCalledByKey(ILogger logger, string functionKey, string functionName);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information,
        Message = "Serving a new version of {FunctionCount} functions; running invocations finish on the old one")]
    public static partial void FunctionsReplaced(ILogger logger, int functionCount);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information,
        Message = "Schedule {ScheduleName} fired for {FunctionKey} at {Time}")]
    public static partial void ScheduleFired(
        ILogger logger, string scheduleName, string functionKey, string time);

    // 2303 (a failed scheduled invocation) is retired: AsyncEventQueue logs every async attempt, 2021 to 2026.
}
