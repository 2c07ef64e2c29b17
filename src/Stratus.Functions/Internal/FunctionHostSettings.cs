using System;
using System.Collections.Generic;
using System.IO;

namespace Stratus.Functions.Internal;

/// <summary>
/// What the host takes from its process; tests supply their own environment, log stream and clock.
/// </summary>
internal sealed class FunctionHostSettings
{
    public required IReadOnlyDictionary<string, string> Variables { get; init; }

    public required Stream LogOutput { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Gets how the X-Ray trace header of each invocation is published (the process's _X_AMZN_TRACE_ID).
    /// </summary>
    public Action<string?> SetTraceId { get; init; } = SetProcessTraceId;

    /// <summary>Gets whether the GC heap is capped at the function's memorySize (<see cref="HeapLimit"/>).</summary>
    public bool CapsHeapAtMemorySize { get; init; }

    public static FunctionHostSettings FromProcess() => new()
    {
        Variables = FunctionEnvironment.ReadProcessVariables(),
        LogOutput = Console.OpenStandardOutput(),
        CapsHeapAtMemorySize = true,
    };

    // AWS's runtimes set this per invocation so X-Ray SDKs in the handler find the current trace.
    private static void SetProcessTraceId(string? traceId) =>
        Environment.SetEnvironmentVariable(EnvironmentNames.TraceId, traceId);
}
