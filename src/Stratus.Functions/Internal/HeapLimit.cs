using System;
using System.Collections.Generic;
using System.Globalization;

namespace Stratus.Functions.Internal;

/// <summary>
/// Caps the GC heap at the function's memorySize, as AWS's own .NET runtime support does, so a handler that
/// outgrows it meets an OutOfMemoryException it can report instead of the sandbox's kill.
/// </summary>
/// <remarks>
/// In a Lambda sandbox the GC otherwise sizes itself from the host's memory, not the function's, and collects
/// too late (dotnet/runtime#70601). The cap applies only to a function process (see
/// <see cref="FunctionHostSettings.CapsHeapAtMemorySize"/>): in a test process it would cap the test runner.
/// </remarks>
internal static class HeapLimit
{
    /// <summary>"true" leaves the GC as it is, as it does for AWS's .NET runtime.</summary>
    public const string OptOutVariable = "AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK";

    /// <summary>
    /// The heap limit in bytes to set, or null to leave the GC alone: when opted out, when no memory size is
    /// given, or when the GC already has less than that to work with (a limit the user chose, or a small machine).
    /// </summary>
    /// <param name="variables">The function's environment.</param>
    /// <param name="availableBytes">What the GC currently takes as its memory (GCMemoryInfo).</param>
    public static ulong? Choose(IReadOnlyDictionary<string, string> variables, ulong availableBytes)
    {
        if (variables.TryGetValue(OptOutVariable, out var optOut)
            && string.Equals(optOut.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!variables.TryGetValue(EnvironmentNames.MemorySize, out var memorySize)
            || !ulong.TryParse(memorySize, NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes)
            || megabytes == 0)
        {
            return null;
        }

        var limit = megabytes * 1024 * 1024;
        return availableBytes < limit ? null : limit;
    }

    /// <summary>Sets the limit for this process's GC; the value must be a ulong for the GC to honour it.</summary>
    public static void Apply(ulong bytes)
    {
        AppContext.SetData("GCHeapHardLimit", bytes);
        GC.RefreshMemoryLimit();
    }
}
