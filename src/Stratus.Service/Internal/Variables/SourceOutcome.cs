using Stratus.Service.Internal.Tree;

namespace Stratus.Service.Internal.Variables;

/// <summary>
/// What one source of a variable gave: a value, nothing (so the next fallback is tried), or a failure.
/// </summary>
/// <param name="Value">The value; null when nothing was found or resolution failed.</param>
/// <param name="NotFoundCode">The error code to report when nothing was found and no fallback is
/// left.</param>
/// <param name="Reason">Why nothing was found, in words that follow "has no value: ".</param>
/// <param name="IsFailed">Whether resolution failed (the error is already reported).</param>
internal readonly record struct SourceOutcome(MNode? Value, string? NotFoundCode, string? Reason, bool IsFailed)
{
    /// <summary>How to create the missing value, when the source knows better than the generic advice.</summary>
    public string? Fix { get; init; }

    public static SourceOutcome Failed { get; } = new(null, null, null, true);

    public static SourceOutcome Found(MNode value) => new(value, null, null, false);

    public static SourceOutcome NotFound(string code, string reason) => new(null, code, reason, false);

    /// <summary>Whether a value was found; a null value counts as not found, as in the framework.</summary>
    public bool IsFound => Value is not null and not MScalar { Kind: ScalarKind.Null };
}
