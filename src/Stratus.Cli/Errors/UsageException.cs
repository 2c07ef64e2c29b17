namespace Stratus.Cli.Errors;

/// <summary>A mistake in how the command was called: exit code 2, printed without a stack trace.</summary>
internal sealed class UsageException(string code, string message, string fix) : Exception(message)
{
    public string Code { get; } = code;

    public string Fix { get; } = fix;
}
