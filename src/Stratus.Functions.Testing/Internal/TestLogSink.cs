using System.Collections.Generic;

namespace Stratus.Functions.Testing.Internal;

/// <summary>
/// A thread-safe list of recorded log entries; handlers may log from several tasks at once.
/// </summary>
internal sealed class TestLogSink
{
    private readonly object _gate = new();
    private readonly List<TestLogEntry> _entries = [];

    /// <summary>Gets a snapshot of the entries recorded so far.</summary>
    public IReadOnlyList<TestLogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }

    public void Add(TestLogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }
}
