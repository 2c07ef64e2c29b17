namespace Stratus.Local;

/// <summary>Why an invocation failed.</summary>
public enum FunctionErrorKind
{
    /// <summary>The function reported an error through the Runtime API's invocation error endpoint.</summary>
    Unhandled,

    /// <summary>
    /// Initialization failed: an init error was reported, the process ended before asking for work, or it could
    /// not be started.
    /// </summary>
    InitError,

    /// <summary>The invocation ran past the function's timeout and its process was ended.</summary>
    Timeout,

    /// <summary>The process exited while it was handling the invocation.</summary>
    RuntimeExit,

    /// <summary>The function's answer was over Lambda's 6 MB response limit and was not delivered.</summary>
    ResponseTooLarge,

    /// <summary>The request payload was over Lambda's limit for its invocation type; no function ran.</summary>
    RequestTooLarge,

    /// <summary>The request payload was not JSON; no function ran.</summary>
    InvalidRequest,

    /// <summary>
    /// Lambda throttled the request (429 <c>TooManyRequestsException</c>): every instance the function's
    /// reservedConcurrency allows was busy, or it is 0.
    /// </summary>
    Throttled,
}
