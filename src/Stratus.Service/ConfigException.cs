namespace Stratus.Service;

/// <summary>
/// Thrown when a service configuration has user errors; carries every error found, not just the first.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>
    /// Creates the exception; the message is every error formatted, with source lines when known.
    /// </summary>
    /// <param name="errors">The errors, in the order they were found.</param>
    /// <param name="sourceLine">Returns the text of a line of a file, or null when it is not known.</param>
    public ConfigException(IReadOnlyList<ConfigError> errors, Func<SourceSpan, string?>? sourceLine = null)
        : base(FormatAll(errors, sourceLine))
    {
        Errors = errors;
    }

    /// <summary>Every error found, in file order where possible.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>
    /// The full paths of the files the service file read or looked for before these errors (see
    /// <see cref="ServiceDefinition.ConfigFiles"/>), so that a watcher knows which saves may fix them; empty when
    /// the errors did not come from reading a service file.
    /// </summary>
    public IReadOnlyList<string> ConfigFiles { get; init; } = [];

    /// <summary>
    /// The warnings found before these errors stopped the load (STR13xx: frameworkVersion, plugins, keys holding
    /// variables), so that a command that fails still shows them; empty when the errors came before the model.
    /// </summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];

    private static string FormatAll(IReadOnlyList<ConfigError> errors, Func<SourceSpan, string?>? sourceLine)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A configuration exception needs at least one error.", nameof(errors));
        }

        var formatted = errors.Select(error => error.Format(sourceLine?.Invoke(error.At)));
        return string.Join("\n\n", formatted);
    }
}
