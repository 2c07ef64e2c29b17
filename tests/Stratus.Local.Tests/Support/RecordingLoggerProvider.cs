using Microsoft.Extensions.Logging;

namespace Stratus.Local.Tests.Support;

/// <summary>Records every log entry so tests can check what the emulator reported.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly List<LogEntry> _entries = [];
    private readonly List<(Func<LogEntry, bool> Predicate, TaskCompletionSource<LogEntry> Found)> _waiters = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <summary>Awaits the first entry, logged or still to come, that satisfies <paramref name="predicate"/>.</summary>
    public Task<LogEntry> WaitForAsync(Func<LogEntry, bool> predicate)
    {
        var found = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_entries.FirstOrDefault(predicate) is { } existing)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((predicate, found));
        }

        return found.Task.WaitAsync(WaitLimit);
    }

    public void Dispose()
    {
    }

    internal sealed record LogEntry(int EventId, LogLevel Level, string Message);

    private void Add(LogEntry entry)
    {
        List<TaskCompletionSource<LogEntry>> found;
        lock (_gate)
        {
            _entries.Add(entry);
            found = _waiters.Where(waiter => waiter.Predicate(entry)).Select(waiter => waiter.Found).ToList();
            _waiters.RemoveAll(waiter => found.Contains(waiter.Found));
        }

        foreach (var waiter in found)
        {
            waiter.TrySetResult(entry);
        }
    }

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
            provider.Add(new LogEntry(eventId.Id, logLevel, formatter(state, exception)));
    }
}
