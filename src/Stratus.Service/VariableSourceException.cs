namespace Stratus.Service;

/// <summary>
/// Thrown by an <see cref="IVariableSource"/> when a reference cannot be resolved for a reason the user must fix
/// (a malformed address, a missing bucket); the loader turns it into a located error.
/// </summary>
public sealed class VariableSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VariableSourceException()
        : this("The variable source failed.", "check the reference.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public VariableSourceException(string message)
        : this(message, "check the reference.")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public VariableSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Fix = "check the reference.";
    }

    /// <summary>Creates the exception with what was wrong and one fix.</summary>
    public VariableSourceException(string message, string fix, Exception? innerException = null)
        : base(message, innerException)
    {
        Fix = fix;
    }

    /// <summary>One way to fix the reference, shown after <c>fix:</c>.</summary>
    public string Fix { get; }
}
