using System.Buffers;
using System.Globalization;
using System.Text;

namespace Stratus.Local.Internal;

/// <summary>Checks a Lambda Invoke request the way the Lambda service does before any function runs.</summary>
internal static class InvokeRequest
{
    /// <summary>Builds the invocation, or the service error that refuses it (too large, not JSON).</summary>
    /// <param name="payload">The payload; cut short when <paramref name="payloadLength"/> is over the limit.</param>
    /// <param name="payloadLength">The payload's full size in bytes.</param>
    /// <param name="isAsync">Whether this is an Event invocation, which has a smaller limit.</param>
    /// <param name="cloud">The cloud the invocation runs in.</param>
    /// <param name="clientContext">The decoded client context JSON, if any.</param>
    /// <param name="refusal">The service error when the request is refused.</param>
    /// <param name="qualifier">The version or alias the caller named, if any.</param>
    /// <param name="callerTrace">The caller's X-Amzn-Trace-Id, which the invocation continues; else a new one.</param>
    public static Invocation? Prepare(
        ReadOnlyMemory<byte> payload,
        long payloadLength,
        bool isAsync,
        CloudContext cloud,
        string? clientContext,
        out InvocationResult? refusal,
        string? qualifier = null,
        string? callerTrace = null)
    {
        var requestId = CloudContext.NewRequestId();
        var limit = isAsync ? LambdaErrors.MaxAsyncRequestBytes : LambdaErrors.MaxSyncRequestBytes;
        if (payloadLength > limit)
        {
            var type = isAsync ? "Event" : "RequestResponse";
            var message = string.Create(
                CultureInfo.InvariantCulture,
                $"{payloadLength} byte payload is too large for the {type} invocation type (limit {limit} bytes)");
            refusal = LambdaErrors.Result(
                requestId, FunctionErrorKind.RequestTooLarge, "RequestEntityTooLargeException", message);
            return null;
        }

        // The CLI and SDKs send an empty body when no payload is given; Lambda hands the function '{}'.
        var body = payload.IsEmpty ? "{}"u8.ToArray() : WithoutByteOrderMark(payload);
        // UTF-8 is checked on the payload as sent (a byte order mark is valid UTF-8), so a bad byte's offset is the
        // caller's; JSON on what the function would get.
        var fault = InvalidUtf8(payload.Span) ?? NotJson(body.Span);
        if (fault is not null)
        {
            var message = "Could not parse request body into json: Could not parse payload into json: " + fault;
            refusal = LambdaErrors.Result(
                requestId, FunctionErrorKind.InvalidRequest, "InvalidRequestContentException", message);
            return null;
        }

        refusal = null;
        var traceId = callerTrace is not null && callerTrace.StartsWith("Root=", StringComparison.Ordinal)
            ? callerTrace
            : CloudContext.NewTraceId(cloud.Time.GetUtcNow());
        return new Invocation(requestId, body, traceId)
        {
            ClientContext = clientContext,
            Qualifier = qualifier,
        };
    }

    /// <summary>The payload after a UTF-8 byte order mark it starts with, or the payload itself.</summary>
    /// <remarks>
    /// Lambda's payload errors are Jackson's ("Could not parse payload into json", "Invalid UTF-8 start byte"), and
    /// Jackson skips a UTF-8 byte order mark when it detects a document's encoding (ByteSourceJsonBootstrapper), so
    /// Lambda is taken to accept such a payload (Windows tools write one). The function gets the JSON after the
    /// mark: a mark is not JSON, and would break a runtime's parser. Limitation: whether Lambda hands the function
    /// the mark too is not documented.
    /// </remarks>
    private static ReadOnlyMemory<byte> WithoutByteOrderMark(ReadOnlyMemory<byte> payload) =>
        payload.Span.StartsWith("\uFEFF"u8) ? payload[3..] : payload;

    /// <summary>What keeps the payload from being one JSON value, in plain words, or null when it is one.</summary>
    private static string? NotJson(ReadOnlySpan<byte> payload)
    {
        // System.Text.Json's words for these ("The input does not contain any JSON tokens. ... LineNumber: 0")
        // speak of its reader; Jackson says "No content to map due to end-of-input".
        if (payload.Trim(" \t\r\n"u8).IsEmpty)
        {
            return payload.IsEmpty
                ? "No content to map due to end-of-input: the payload is only a UTF-8 byte order mark, with no JSON " +
                    "value after it"
                : "No content to map due to end-of-input: the payload is only white space, with no JSON value";
        }

        return LambdaErrors.IsJson(payload, out var problem) ? null : problem;
    }

    /// <summary>Where the payload stops being UTF-8, said as Lambda's JSON parser says it, or null if it is.</summary>
    /// <remarks>
    /// Lambda refuses such a payload with InvalidRequestContentException before any function runs ("Invalid UTF-8
    /// start byte 0xff", the everyday error of an AWS CLI v2 call that sends a file without
    /// --cli-binary-format raw-in-base64-out). System.Text.Json's reader does not check the bytes inside strings,
    /// so this is checked on its own. The byte named is the one that broke the character: the first byte when no
    /// character starts so (a lone continuation byte, 0xc0, 0xff), else the byte after the part that was valid
    /// (the 0x41 of e2 82 41), which Rune.DecodeFromUtf8's count of consumed bytes points at. A payload that ends
    /// inside a character is said to, as Jackson's "Unexpected end-of-input" does.
    /// Limitation: Jackson does not check for overlong forms and would read c0 af as '/'; the emulator refuses
    /// them, as UTF-8 does, so such a payload is refused here and may be taken by Lambda.
    /// </remarks>
    private static string? InvalidUtf8(ReadOnlySpan<byte> payload)
    {
        var offset = 0;
        while (offset < payload.Length)
        {
            var status = Rune.DecodeFromUtf8(payload[offset..], out _, out var consumed);
            if (status == OperationStatus.NeedMoreData)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"Unexpected end-of-input inside a UTF-8 character: the payload ends before the character that " +
                    $"starts with byte 0x{payload[offset]:x2} (at byte {offset} of the payload) is complete");
            }

            if (status != OperationStatus.Done)
            {
                var startsNothing = consumed == 1 && !CanStartCharacter(payload[offset]);
                var at = startsNothing ? offset : offset + consumed;
                var kind = startsNothing ? "start" : "middle";
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"Invalid UTF-8 {kind} byte 0x{payload[at]:x2} (at byte {at} of the payload)");
            }

            offset += consumed;
        }

        return null;
    }

    /// <summary>Whether a byte may begin a UTF-8 character: ASCII, or a lead byte of a 2- to 4-byte form.</summary>
    private static bool CanStartCharacter(byte value) => value is < 0x80 or (>= 0xC2 and <= 0xF4);
}
