using System;

namespace Stratus.Functions;

/// <summary>The invocation's event JSON does not fit the event type the handler expects.</summary>
public sealed class InvalidEventException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public InvalidEventException()
        : base("The event does not fit the handler's event type.")
    {
    }

    /// <summary>Initializes a new instance with a message that names the expected event type.</summary>
    public InvalidEventException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the JSON error that caused it.</summary>
    public InvalidEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the full name of the event type the handler expected.</summary>
    public string? ExpectedEventType { get; init; }
}
