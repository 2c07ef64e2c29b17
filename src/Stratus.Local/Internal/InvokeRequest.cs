using System.Globalization;

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
        if (!LambdaErrors.IsJson(body.Span, out var problem))
        {
            var message = "Could not parse request body into json: Could not parse payload into json: " + problem;
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
}
