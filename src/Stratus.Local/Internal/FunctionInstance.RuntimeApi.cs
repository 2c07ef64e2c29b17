using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Stratus.Local.Internal;

/// <summary>The Runtime API this instance's process talks to, answering as AWS's RAPID does.</summary>
/// <remarks>
/// Limitation: only the Runtime API is served; the Extensions and Telemetry APIs answer 404 and response
/// streaming (Lambda-Runtime-Function-Response-Mode) is read as a buffered answer.
/// </remarks>
internal sealed partial class FunctionInstance
{
    private const string Prefix = "/2018-06-01/runtime/";
    private const string InvocationPrefix = "invocation/";
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
    private const string NotAllowed = "State transition is not allowed";

    // RAPID's names for the states a runtime's answer moves it to.
    private const string ResponseSentState = "ResponseSent";
    private const string ErrorResponseState = "InvocationErrorResponse";

    private static readonly byte[] Accepted = """{"status":"OK"}"""u8.ToArray();

    private async Task HandleRuntimeApiAsync(HttpContext context)
    {
        try
        {
            await RouteRuntimeApiAsync(context, context.Request.Path.Value ?? string.Empty);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The runtime hung up (often because its process ended); nobody is left to answer.
        }
        catch (BadHttpRequestException badRequest)
        {
            // The runtime broke HTTP (a body shorter than its Content-Length, say); the instance is not at fault.
            LogRejected(context, badRequest.StatusCode, "BadRequest");
            if (!context.Response.HasStarted)
            {
                await WriteErrorAsync(context, badRequest.StatusCode, "BadRequest", badRequest.Message);
            }
        }
#pragma warning disable CA1031 // A bug in one request must fail that request, not the instance or the emulator.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            EmulatorLog.InstanceFault(_cloud.Logger, _function.Key, exception);
            if (!context.Response.HasStarted)
            {
                // An event's headers may be set already; the error must not look like an event.
                context.Response.Clear();
                await WriteErrorAsync(
                    context, StatusCodes.Status500InternalServerError, "InternalServerError", "Internal Server Error");
            }

            // A fault mid-delivery leaves the invocation claimed by a runtime that never saw it: the process goes,
            // and its exit fails what it held, rather than the runtime taking the error for its event.
            Retire("emulator fault");
        }
    }

    private Task RouteRuntimeApiAsync(HttpContext context, string path)
    {
        var isPost = HttpMethods.IsPost(context.Request.Method);
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return NotFoundAsync(context);
        }

        // Spans, not substrings: this runs for every call a runtime makes.
        var rest = path.AsSpan(Prefix.Length);
        if (rest.SequenceEqual("invocation/next"))
        {
            return HttpMethods.IsGet(context.Request.Method) ? NextAsync(context) : MethodNotAllowedAsync(context);
        }

        if (rest.SequenceEqual("init/error"))
        {
            return isPost ? InitErrorAsync(context) : MethodNotAllowedAsync(context);
        }

        if (rest.StartsWith(InvocationPrefix, StringComparison.Ordinal))
        {
            var tail = rest[InvocationPrefix.Length..];
            var slash = tail.IndexOf('/');
            var action = slash > 0 ? tail[(slash + 1)..] : [];
            var isResponse = action.SequenceEqual("response");
            if (isResponse || action.SequenceEqual("error"))
            {
                var requestId = tail[..slash].ToString();
                return !isPost ? MethodNotAllowedAsync(context)
                    : isResponse ? ResponseAsync(context, requestId)
                    : ErrorAsync(context, requestId);
            }
        }

        return NotFoundAsync(context);
    }

    private async Task NextAsync(HttpContext context)
    {
        // A caller that prints START among the function's lines waits for the init's last lines first, so that
        // they stand before it, as in the log.
        if (ClosingKeepsLog() || _cloud.Options.CallerShowsOutcomes)
        {
            // Asking for the next event means the last one is done, but its last lines may still be in the pipe.
            await WaitForOutputAsync();
        }

        Invocation? delivery = null;
        Invocation? closing = null;
        TaskCompletionSource<Invocation?>? waiter = null;
        string? conflictFrom = null;
        var freedAfterLingering = false;
        lock (_gate)
        {
            conflictFrom = _current is not null ? "Running" : _nextWaiter is not null ? "Ready" : null;
            if (conflictFrom is null)
            {
                MarkInitializedLocked();
                closing = _closing;

                // The answered invocation ends here; a runtime that lingered past its log's grace was left busy
                // (see FinishClosing), and only now is free.
                freedAfterLingering = _answered is not null && closing is null && !_retiring && !_exited;
                _answered = null;
                if (_pending is not null)
                {
                    delivery = _pending;
                    _pending = null;
                    BeginDeliveryLocked(delivery);
                }
                else
                {
                    DisarmTimeoutTimerLocked();
                    waiter = _nextWaiter = new TaskCompletionSource<Invocation?>(
                        TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }

        if (conflictFrom is not null)
        {
            await RejectAsync(
                context,
                StatusCodes.Status403Forbidden,
                "InvalidStateTransition",
                $"State transition from {conflictFrom} to Ready failed for runtime. Error: {NotAllowed}");
            return;
        }

        if (closing is not null)
        {
            // Asking for the next event means the last one is fully done: its log lines are all read.
            FinishClosing(closing);
        }
        else if (freedAfterLingering)
        {
            _pool.OnInstanceAvailable(this);
        }

        if (waiter is not null)
        {
            using var registration = context.RequestAborted.Register(() => AbandonWaiter(waiter));
            delivery = await waiter.Task;
        }

        if (delivery is not null)
        {
            await WriteEventAsync(context, delivery);
        }
    }

    private bool ClosingKeepsLog()
    {
        lock (_gate)
        {
            return _closing is { KeepsLog: true };
        }
    }

    private void MarkInitializedLocked()
    {
        if (_initialized)
        {
            return;
        }

        _initialized = true;
        _unreportedInitDuration = _cloud.Time.GetElapsedTime(_startTimestamp);
        _initTimer?.Dispose();
        _initTimer = null;
    }

    private void AbandonWaiter(TaskCompletionSource<Invocation?> waiter)
    {
        lock (_gate)
        {
            if (_nextWaiter != waiter)
            {
                // An invocation already claimed this long poll; WriteEventAsync handles the dead connection.
                return;
            }

            _nextWaiter = null;
        }

        waiter.TrySetResult(null);
    }

    private async Task WriteEventAsync(HttpContext context, Invocation invocation)
    {
        if (_cloud.Options.CallerShowsOutcomes)
        {
            // Lambda's START line, where the log has it: after the init's lines, before the handler's.
            var start = $"START RequestId: {invocation.RequestId} Version: $LATEST";
            _cloud.WriteOutput(_function.Key, FunctionOutputStream.Platform, start);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        var deadline = invocation.DeadlineEpochMs.ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline;
        var arn = _cloud.FunctionArn(_function.Name);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] =
            invocation.Qualifier is { } qualifier ? arn + ":" + qualifier : arn;
        response.Headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        if (invocation.ClientContext is { } clientContext)
        {
            response.Headers["Lambda-Runtime-Client-Context"] = clientContext;
        }

        // Limitation: Lambda-Runtime-Cognito-Identity is never sent; nothing local carries a Cognito identity.
        response.ContentLength = invocation.Payload.Length;

        // A caller who reads the log gets Max Memory Used even from a process that crashes before the next memory
        // poll: the REPORT falls back to this reading once the process is gone. One pread, only for such callers.
        if (invocation.KeepsLog)
        {
            _peakMemory?.ReadBytes();
        }

        try
        {
            await response.Body.WriteAsync(invocation.Payload, context.RequestAborted);
            await response.CompleteAsync();
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException)
        {
            // The event never arrived (the runtime's client gave up on the long poll): hand it to the next poll
            // instead of letting it time out unseen.
            Undeliver(invocation);
        }
    }

    private void Undeliver(Invocation invocation)
    {
        lock (_gate)
        {
            if (_current != invocation || _exited)
            {
                return;
            }

            _current = null;
            DisarmTimeoutTimerLocked();
            _pending = invocation;
        }
    }

    private async Task ResponseAsync(HttpContext context, string requestId)
    {
        if (!IsCurrent(requestId))
        {
            await RejectNotCurrentAsync(context, requestId, ResponseSentState);
            return;
        }

        var (body, length, tooLarge) = await BodyReader.ReadAsync(context, LambdaErrors.MaxResponseBytes);
        if (IsKilledForMemory(context))
        {
            return;
        }

        if (TakeCurrent(requestId) is not { } invocation)
        {
            await RejectNotCurrentAsync(context, requestId, ResponseSentState);
            return;
        }

        if (tooLarge)
        {
            await RejectTooLargeAsync(context, invocation, length);
            return;
        }

        invocation.TrySetOutcome(
            new InvocationResult
            {
                RequestId = invocation.RequestId,
                Payload = body,
                Duration = DurationOf(invocation),
            },
            answerAtOnce: true);
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, Accepted);
    }

    private async Task ErrorAsync(HttpContext context, string requestId)
    {
        if (!IsCurrent(requestId))
        {
            await RejectNotCurrentAsync(context, requestId, ErrorResponseState);
            return;
        }

        var (body, length, tooLarge) = await BodyReader.ReadAsync(context, LambdaErrors.MaxResponseBytes);
        if (IsKilledForMemory(context))
        {
            return;
        }

        if (TakeCurrent(requestId) is not { } invocation)
        {
            await RejectNotCurrentAsync(context, requestId, ErrorResponseState);
            return;
        }

        if (tooLarge)
        {
            await RejectTooLargeAsync(context, invocation, length);
            return;
        }

        var (errorType, errorMessage) = DescribeError(context, body);
        invocation.TrySetOutcome(
            new InvocationResult
            {
                RequestId = invocation.RequestId,
                Payload = body,
                Error = FunctionErrorKind.Unhandled,
                ErrorType = errorType,
                ErrorMessage = errorMessage,
                Duration = DurationOf(invocation),
            },
            answerAtOnce: true);
        await WriteJsonAsync(context, StatusCodes.Status202Accepted, Accepted);
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        bool initialized;
        lock (_gate)
        {
            initialized = _initialized;
        }

        if (initialized)
        {
            await RejectAsync(
                context,
                StatusCodes.Status403Forbidden,
                "InvalidStateTransition",
                $"State transition from Ready to InitError failed for runtime. Error: {NotAllowed}");
            return;
        }

        var (body, _, _) = await BodyReader.ReadAsync(context, LambdaErrors.MaxResponseBytes);
        Invocation? pending;
        Process? process;
        lock (_gate)
        {
            _retiring = true;
            pending = _pending;
            _pending = null;
            process = _process;
        }

        await WriteJsonAsync(context, StatusCodes.Status202Accepted, Accepted);
        await context.Response.CompleteAsync();

        // Lambda resets the execution environment after an init error; the next request starts a new one.
        if (pending is not null)
        {
            var (errorType, errorMessage) = DescribeError(context, body);
            FailInit(pending, errorType, errorMessage, body);
        }

        if (process is not null)
        {
            ProcessControl.KillTree(process);
        }
    }

    /// <summary>
    /// Whether the process passed its memorySize before this answer came; the answer is then dropped, as Lambda
    /// would have killed the process before it could post it, and the process's exit fails the invocation.
    /// </summary>
    private bool IsKilledForMemory(HttpContext context)
    {
        if (_memoryWatch?.HasExceeded() != true)
        {
            return false;
        }

        context.Abort();
        return true;
    }

    private bool IsCurrent(string requestId)
    {
        lock (_gate)
        {
            return _current?.RequestId == requestId;
        }
    }

    /// <summary>Moves the current invocation to closing when <paramref name="requestId"/> is still its id.</summary>
    private Invocation? TakeCurrent(string requestId)
    {
        Invocation invocation;
        lock (_gate)
        {
            if (_current is not { } current || current.RequestId != requestId)
            {
                return null;
            }

            invocation = current;
            _current = null;
            _closing = invocation;
            _answered = invocation;

            // Held open until the next poll or the exit instead, with the function's timeout as the bound: its
            // timer stays armed for an answered invocation (see OnTimeout).
            if (!_cloud.Options.LogsUntilNextEvent)
            {
                ArmGraceTimerLocked();
            }
        }

        _pool.OnInstanceAnswered(this);
        return invocation;
    }

    /// <summary>
    /// The Error Type of a posted failure, from its header as RAPID takes it (see
    /// <see cref="LambdaErrors.ValidErrorType"/>), and the body's errorMessage for the emulator's own lines.
    /// </summary>
    /// <remarks>
    /// The body is the caller's payload, unchanged, even when empty or not JSON: RAPID passes it through as it came.
    /// </remarks>
    private static (string Type, string Message) DescribeError(HttpContext context, byte[] body)
    {
        var errorType = LambdaErrors.ValidErrorType(context.Request.Headers[ErrorTypeHeader].ToString());
        return (errorType, LambdaErrors.ReadErrorBody(body).Message ?? string.Empty);
    }

    private async Task RejectTooLargeAsync(HttpContext context, Invocation invocation, long length)
    {
        EmulatorLog.ResponseTooLarge(_cloud.Logger, _function.Key, invocation.RequestId, length);
        invocation.TrySetOutcome(Failure(
            invocation,
            FunctionErrorKind.ResponseTooLarge,
            LambdaErrors.ResponseTooLargeType,
            LambdaErrors.ResponseTooLargeMessage()));
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"Exceeded maximum allowed payload size ({LambdaErrors.MaxResponseBytes} bytes).");
        await RejectAsync(context, StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", message);
    }

    /// <summary>
    /// Refuses an answer for an invocation that is not the current one. RAPID checks the runtime's state before
    /// the id, so a second answer to the invocation just answered is a state error (403), and any other id a 400.
    /// </summary>
    private Task RejectNotCurrentAsync(HttpContext context, string requestId, string targetState)
    {
        bool alreadyAnswered;
        lock (_gate)
        {
            alreadyAnswered = _answered?.RequestId == requestId;
        }

        return alreadyAnswered
            ? RejectAsync(
                context,
                StatusCodes.Status403Forbidden,
                "InvalidStateTransition",
                $"State transition from {ResponseSentState} to {targetState} failed for runtime. Error: {NotAllowed}")
            : RejectAsync(context, StatusCodes.Status400BadRequest, "InvalidRequestID", "Invalid request ID");
    }

    private Task RejectAsync(HttpContext context, int statusCode, string errorType, string errorMessage)
    {
        LogRejected(context, statusCode, errorType);
        return WriteErrorAsync(context, statusCode, errorType, errorMessage);
    }

    private Task NotFoundAsync(HttpContext context)
    {
        // RAPID's router answers unknown paths with Go's plain-text 404.
        LogRejected(context, 404, "NotFound");
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("404 page not found\n")).AsTask();
    }

    private Task MethodNotAllowedAsync(HttpContext context)
    {
        LogRejected(context, 405, "MethodNotAllowed");
        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        return Task.CompletedTask;
    }

    private void LogRejected(HttpContext context, int statusCode, string errorType)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        EmulatorLog.RuntimeApiRejected(
            _cloud.Logger, _function.Key, context.Request.Method, path, statusCode, errorType);
    }

    private static Task WriteErrorAsync(HttpContext context, int statusCode, string errorType, string errorMessage) =>
        WriteJsonAsync(context, statusCode, LambdaErrors.ErrorJson(errorType, errorMessage));

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, byte[] json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json);
    }
}
