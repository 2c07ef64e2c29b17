namespace Stratus.Service;

/// <summary>One key of a <see cref="ConfigMapping"/> with its value.</summary>
/// <param name="Key">The key as text (YAML keys that are numbers or booleans become their text).</param>
/// <param name="KeyAt">Where the key was written.</param>
/// <param name="Value">The value.</param>
public sealed record ConfigEntry(string Key, SourceSpan KeyAt, ConfigNode Value);
