using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Stratus.Functions.Internal;

namespace Stratus.Functions.Testing.Internal;

/// <summary>A logger that records every entry, at every level, into a <see cref="TestLogSink"/>.</summary>
internal sealed class TestLogger : ILogger
{
    private const string OriginalFormat = "{OriginalFormat}";

    private readonly string _category;
    private readonly TestLogSink _sink;

    public TestLogger(string category, TestLogSink sink)
    {
        _category = category;
        _sink = sink;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);

        string? template = null;
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var pair in values)
            {
                if (pair.Key == OriginalFormat)
                {
                    template = pair.Value as string;
                }
                else
                {
                    properties[pair.Key] = pair.Value;
                }
            }
        }

        _sink.Add(new TestLogEntry
        {
            Category = _category,
            Level = logLevel,
            EventId = eventId,
            Message = formatter(state, exception),
            Template = template,
            Properties = properties,
            RequestId = InvocationScope.RequestId,
            Exception = exception,
        });
    }
}
