using Microsoft.Extensions.Logging;

namespace Stratus.Local.Tests.Support;

/// <summary>Records every log entry so tests can check what the emulator reported.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly Recorded<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.Items;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>Awaits the first entry, logged or still to come, that satisfies <paramref name="predicate"/>.</summary>
    public Task<LogEntry> WaitForAsync(Func<LogEntry, bool> predicate) => _entries.WaitForAsync(predicate);

    public void Dispose()
    {
    }

    internal sealed record LogEntry(int EventId, LogLevel Level, string Message, Exception? Exception = null);

    private sealed class Logger(RecordingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            provider._entries.Add(new LogEntry(eventId.Id, logLevel, formatter(state, exception), exception));
    }
}
