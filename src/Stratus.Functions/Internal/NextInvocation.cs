using System;

namespace Stratus.Functions.Internal;

/// <summary>
/// An invocation received from GET /runtime/invocation/next: its headers and event payload.
/// </summary>
internal sealed record NextInvocation
{
    public required string RequestId { get; init; }

    /// <summary>Gets the deadline, or null when the header was missing or not a number.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public string InvokedFunctionArn { get; init; } = "";

    public string? TraceId { get; init; }

    public string? ClientContext { get; init; }

    public string? CognitoIdentity { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }
}
