namespace Stratus.Aws.Secrets;

/// <summary>
/// A secrets operation failed for a reason the user can fix; the message says what and where, then one fix, and
/// never contains a secret's value.
/// </summary>
public sealed class SecretStoreException : Exception
{
    /// <summary>Creates the exception with a generic message.</summary>
    public SecretStoreException()
        : this("the secrets operation failed", "run the command again with --verbose to see the cause.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SecretStoreException(string message)
        : this(message, "run the command again with --verbose to see the cause.")
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SecretStoreException(string message, Exception innerException)
        : this(message, "run the command again with --verbose to see the cause.", innerException)
    {
    }

    /// <summary>Creates the exception with what went wrong, one fix, and the cause.</summary>
    public SecretStoreException(string problem, string fix, Exception? innerException = null)
        : base($"{problem.TrimEnd('.')}.\n  fix: {fix}", innerException)
    {
        Problem = problem.TrimEnd('.');
        Fix = fix;
    }

    /// <summary>Gets what went wrong, without the fix.</summary>
    public string Problem { get; } = "";

    /// <summary>Gets one way to fix it.</summary>
    public string Fix { get; } = "";

    /// <summary>
    /// Gets the stable STR43xx code of the kind of failure (see <see cref="SecretStoreErrorCodes"/>).
    /// </summary>
    public string Code { get; init; } = SecretStoreErrorCodes.Other;
}
