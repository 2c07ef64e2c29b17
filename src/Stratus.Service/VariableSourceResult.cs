namespace Stratus.Service;

/// <summary>What an <see cref="IVariableSource"/> found for a reference.</summary>
public sealed record VariableSourceResult
{
    private VariableSourceResult(ConfigNode? value, string? notFoundReason, bool isSecret)
    {
        Value = value;
        NotFoundReason = notFoundReason;
        IsSecret = isSecret;
    }

    /// <summary>The value found, or null when nothing was found.</summary>
    public ConfigNode? Value { get; }

    /// <summary>
    /// Why nothing was found (for example <c>parameter '/app/key' does not exist</c>), shown when no fallback
    /// applies.
    /// </summary>
    public string? NotFoundReason { get; }

    /// <summary>Whether the value is a secret, so <c>stratus print</c> masks it.</summary>
    public bool IsSecret { get; }

    /// <summary>A value was found.</summary>
    public static VariableSourceResult Found(ConfigNode value, bool isSecret = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new VariableSourceResult(value, null, isSecret);
    }

    /// <summary>A text value was found.</summary>
    public static VariableSourceResult FoundText(string value, SourceSpan at, bool isSecret = false) =>
        Found(ConfigScalar.FromString(value, at), isSecret);

    /// <summary>Nothing exists at the reference, so the next fallback is tried.</summary>
    public static VariableSourceResult NotFound(string reason) => new(null, reason, false);
}
