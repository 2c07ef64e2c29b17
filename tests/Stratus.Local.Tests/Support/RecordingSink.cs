namespace Stratus.Local.Tests.Support;

/// <summary>Keeps every function output line and lets a test await a line it expects.</summary>
internal sealed class RecordingSink : IFunctionOutputSink
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Predicate, TaskCompletionSource<string> Found)> _waiters = [];
    private int _concurrentCalls;

    /// <summary>Whether two calls ever overlapped, which the sink contract forbids.</summary>
    public bool SawOverlappingCalls { get; private set; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public void WriteLine(string functionKey, FunctionOutputStream stream, string line)
    {
        if (Interlocked.Increment(ref _concurrentCalls) > 1)
        {
            SawOverlappingCalls = true;
        }

        var entry = $"[{functionKey}] {line}";
        List<TaskCompletionSource<string>> found;
        lock (_gate)
        {
            _lines.Add(entry);
            found = _waiters.Where(waiter => waiter.Predicate(line)).Select(waiter => waiter.Found).ToList();
            _waiters.RemoveAll(waiter => found.Contains(waiter.Found));
        }

        foreach (var waiter in found)
        {
            waiter.TrySetResult(line);
        }

        Interlocked.Decrement(ref _concurrentCalls);
    }

    /// <summary>Awaits the first line, written or still to come, that satisfies <paramref name="predicate"/>.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> predicate)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _lines.Select(entry => entry[(entry.IndexOf("] ", StringComparison.Ordinal) + 2)..])
                .FirstOrDefault(predicate);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((predicate, found));
        }

        return found.Task.WaitAsync(WaitLimit);
    }

    /// <summary>Awaits <paramref name="count"/> distinct lines that satisfy <paramref name="predicate"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitForLinesAsync(Func<string, bool> predicate, int count)
    {
        var seen = new List<string>();
        while (seen.Count < count)
        {
            seen.Add(await WaitForLineAsync(line => predicate(line) && !seen.Contains(line)));
        }

        return seen;
    }
}
