using System;
using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Internal;

/// <summary>The fixed fields of one log line.</summary>
internal readonly record struct JsonLogEntry(
    DateTimeOffset Timestamp,
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    Exception? Exception);
