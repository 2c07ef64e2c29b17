using System;
using System.Buffers;
using System.IO;
using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Internal;

/// <summary>
/// Writes each log entry as one JSON line to a stream (stdout in Lambda, which sends it to CloudWatch Logs).
/// Each line is written with a single call under a lock, so lines from concurrent work never interleave.
/// </summary>
internal sealed class JsonLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly object _gate = new();
    private readonly Stream _output;
    private readonly TimeProvider _clock;
    private readonly string _functionName;
    private readonly LogLevel _minimumLevel;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public JsonLoggerProvider(Stream output, TimeProvider clock, string functionName, LogLevel minimumLevel)
    {
        _output = output;
        _clock = clock;
        _functionName = functionName;
        _minimumLevel = minimumLevel;
    }

    public ILogger CreateLogger(string categoryName) => new JsonLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    // The stream is stdout or a test's stream; its owner closes it.
    public void Dispose()
    {
    }

    // Limitation: STRATUS_LOG_LEVEL / AWS_LAMBDA_LOG_LEVEL is a floor; logging filters set in code can raise
    // it for a category but not lower it, so Debug lines need the variable. No issue filed yet.
    internal bool IsEnabled(LogLevel level) => level != LogLevel.None && level >= _minimumLevel;

    internal IDisposable BeginScope<TState>(TState state)
        where TState : notnull => _scopes.Push(state);

    internal void Write<TState>(
        string category,
        LogLevel level,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        var entry = new JsonLogEntry(
            _clock.GetUtcNow(),
            category,
            level,
            eventId,
            formatter(state, exception) ?? "",
            exception);

        var buffer = new ArrayBufferWriter<byte>(512);
        JsonLogFormatter.Write(buffer, entry, _functionName, InvocationScope.RequestId, state, _scopes);
        buffer.Write("\n"u8);

        lock (_gate)
        {
            _output.Write(buffer.WrittenSpan);
            _output.Flush();
        }
    }

    private sealed class JsonLogger : ILogger
    {
        private readonly string _category;
        private readonly JsonLoggerProvider _provider;

        public JsonLogger(string category, JsonLoggerProvider provider)
        {
            _category = category;
            _provider = provider;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _provider.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => _provider.IsEnabled(logLevel);

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (_provider.IsEnabled(logLevel))
            {
                _provider.Write(_category, logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
