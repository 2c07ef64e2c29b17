namespace Stratus.Service;

/// <summary>What an <see cref="IVariableSource"/> found for a reference.</summary>
public sealed record VariableSourceResult
{
    private VariableSourceResult(
        ConfigNode? value,
        string? notFoundReason,
        bool isSecret,
        string? notFoundFix = null)
    {
        Value = value;
        NotFoundReason = notFoundReason;
        IsSecret = isSecret;
        NotFoundFix = notFoundFix;
    }

    /// <summary>The value found, or null when nothing was found.</summary>
    public ConfigNode? Value { get; }

    /// <summary>
    /// Why nothing was found (for example <c>parameter '/app/key' does not exist</c>), shown when no fallback
    /// applies.
    /// </summary>
    public string? NotFoundReason { get; }

    /// <summary>
    /// How to create the missing value (for example <c>store it with 'stratus secrets set jwtSecret --stage dev'</c>),
    /// or null for the generic advice; the error adds the fallback form after it.
    /// </summary>
    public string? NotFoundFix { get; }

    /// <summary>Whether the value is a secret, so <c>stratus print</c> masks it.</summary>
    public bool IsSecret { get; }

    /// <summary>
    /// Whether the value is ciphertext the function decrypts at cold start (a stored secret's envelope), which
    /// works only as the whole value of a setting: joined into longer text, nothing would decrypt it.
    /// </summary>
    public bool IsEncrypted { get; init; }

    /// <summary>
    /// Whether the value only stands in for one this command does not read (<c>stratus print</c>'s <c>***</c>): a
    /// setting's checks of type or form are not applied to it, since they would judge the stand-in.
    /// </summary>
    public bool IsPlaceholder { get; init; }

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

    /// <summary>Nothing exists at the reference; <paramref name="fix"/> says how to create it.</summary>
    public static VariableSourceResult NotFound(string reason, string fix) => new(null, reason, false, fix);
}
