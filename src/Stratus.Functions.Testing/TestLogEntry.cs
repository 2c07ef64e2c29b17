using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Testing;

/// <summary>
/// One log entry recorded by a <see cref="TestLambdaContext"/> or a <see cref="FunctionTestHost"/>.
/// </summary>
public sealed record TestLogEntry
{
    /// <summary>Gets the logger category, such as the handler's full type name.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the entry's level.</summary>
    public required LogLevel Level { get; init; }

    /// <summary>Gets the entry's event id.</summary>
    public EventId EventId { get; init; }

    /// <summary>Gets the formatted message.</summary>
    public required string Message { get; init; }

    /// <summary>Gets the message template, such as "Created user {UserId}", when the entry has one.</summary>
    public string? Template { get; init; }

    /// <summary>Gets the template's named values, keyed as written in the template.</summary>
    public required IReadOnlyDictionary<string, object?> Properties { get; init; }

    /// <summary>Gets the request id of the invocation that wrote the entry, when it ran inside one.</summary>
    public string? RequestId { get; init; }

    /// <summary>Gets the exception logged with the entry.</summary>
    public Exception? Exception { get; init; }
}
