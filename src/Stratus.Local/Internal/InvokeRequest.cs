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
    public static Invocation? Prepare(
        ReadOnlyMemory<byte> payload,
        long payloadLength,
        bool isAsync,
        CloudContext cloud,
        string? clientContext,
        out InvocationResult? refusal,
        string? qualifier = null)
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
        var body = payload.IsEmpty ? "{}"u8.ToArray() : payload;
        var fault = InvalidUtf8(body.Span) ?? NotJson(body.Span);
        if (fault is not null)
        {
            var message = "Could not parse request body into json: Could not parse payload into json: " + fault;
            refusal = LambdaErrors.Result(
                requestId, FunctionErrorKind.InvalidRequest, "InvalidRequestContentException", message);
            return null;
        }

        refusal = null;
        return new Invocation(requestId, body, CloudContext.NewTraceId(cloud.Time.GetUtcNow()))
        {
            ClientContext = clientContext,
            Qualifier = qualifier,
        };
    }

    private static string? NotJson(ReadOnlySpan<byte> payload) =>
        LambdaErrors.IsJson(payload, out var problem) ? null : problem;

    /// <summary>Where the payload stops being UTF-8, said as Lambda's JSON parser says it, or null when it is.</summary>
    /// <remarks>
    /// Lambda refuses such a payload with InvalidRequestContentException before any function runs ("Invalid UTF-8
    /// start byte 0xff", the everyday error of an AWS CLI v2 call that sends a file without
    /// --cli-binary-format raw-in-base64-out). System.Text.Json's reader does not check the bytes inside strings,
    /// so this is checked on its own.
    /// </remarks>
    private static string? InvalidUtf8(ReadOnlySpan<byte> payload)
    {
        var offset = 0;
        while (offset < payload.Length)
        {
            var status = Rune.DecodeFromUtf8(payload[offset..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                var first = payload[offset];
                var kind = first is >= 0x80 and <= 0xBF or >= 0xF5 or 0xC0 or 0xC1 ? "start" : "middle";
                var shown = kind == "start" || offset + 1 >= payload.Length ? first : payload[offset + 1];
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"Invalid UTF-8 {kind} byte 0x{shown:x2} (at byte {offset} of the payload)");
            }

            offset += consumed;
        }

        return null;
    }
}
