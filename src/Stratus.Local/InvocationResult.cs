namespace Stratus.Local;

/// <summary>The outcome of one invocation, as the Lambda Invoke API would report it.</summary>
public sealed record InvocationResult
{
    /// <summary>The Lambda request id of the invocation.</summary>
    public required string RequestId { get; init; }

    /// <summary>The function's response JSON on success, or the error JSON on failure.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>Why the invocation failed; null on success.</summary>
    public FunctionErrorKind? Error { get; init; }

    /// <summary>The error type, such as <c>Sandbox.Timedout</c>; null on success.</summary>
    public string? ErrorType { get; init; }

    /// <summary>
    /// The errorType the function's error payload names (what the caller sees in it), when it names one; null on
    /// success and for failures the service reports (a timeout, a crash). <see cref="ErrorType"/> is Lambda's own,
    /// which for an error a runtime posted comes from a header most runtimes fill with their exception's name, so it
    /// is mostly Runtime.Unknown: this is the one a developer looks for.
    /// </summary>
    public string? PayloadErrorType => Error is FunctionErrorKind.Unhandled or FunctionErrorKind.InitError
        ? Internal.LambdaErrors.ReadErrorBody(Payload.Span).Type
        : null;

    /// <summary>
    /// The error type to show a developer: a handler's error by its <see cref="PayloadErrorType"/> (as the caller
    /// sees it; Lambda's own Error Type for it appears in no REPORT line), any other failure by
    /// <see cref="ErrorType"/>, which its REPORT line carries, with the payload's in brackets when a failed init
    /// posted one that says more ("Runtime.Unknown (NotSupportedException)"); null on success.
    /// </summary>
    public string? ShownErrorType
    {
        get
        {
            if (Error is null)
            {
                return null;
            }

            var type = ErrorType ?? "Unknown";
            var posted = PayloadErrorType;
            return string.IsNullOrEmpty(posted) ? type
                : Error == FunctionErrorKind.Unhandled ? posted
                : posted != type ? $"{type} ({posted})"
                : type;
        }
    }

    /// <summary>The error message; null on success.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>
    /// The invocation's log as CloudWatch would show it: START, the function's output, END and REPORT lines.
    /// </summary>
    public string? Logs { get; init; }

    /// <summary>
    /// Whether the runtime got the event, set with <see cref="Logs"/>: false when its init failed or timed out, or
    /// its process died, first. START is shown live when the event is delivered, so only then.
    /// </summary>
    internal bool EventDelivered { get; init; }

    /// <summary>
    /// The lines Lambda writes into the log after the function's own: a timeout's line, or a crash's error and
    /// type, then END and REPORT (what `sam local invoke` prints after the function's output), and before them
    /// START when the event never reached the runtime (nothing showed it then). Read from the end of
    /// <see cref="Logs"/>, which the emulator closes with exactly these, so nothing the function wrote is taken.
    /// </summary>
    public IReadOnlyList<string> ClosingLogLines()
    {
        var lines = (Logs ?? "").TrimEnd('\n').Split('\n');
        var end = Array.FindLastIndex(lines, line => line.StartsWith("END RequestId: ", StringComparison.Ordinal));
        if (end < 0)
        {
            return [];
        }

        var before = Error switch
        {
            FunctionErrorKind.Timeout => 1,
            FunctionErrorKind.RuntimeExit or FunctionErrorKind.InitError => 2,
            _ => 0,
        };
        var first = Math.Max(0, end - before);
        var startUnshown = !EventDelivered && first > 0
            && lines[first - 1].StartsWith("START RequestId: ", StringComparison.Ordinal);
        return lines[(startUnshown ? first - 1 : first)..].Select(line => line.TrimEnd()).ToArray();
    }

    /// <summary>How long the function ran, from delivery of the event to its answer.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How long the instance took to initialize, when this invocation caused a cold start.</summary>
    public TimeSpan? InitDuration { get; init; }

    /// <summary>Whether the invocation succeeded.</summary>
    public bool IsSuccess => Error is null;
}
