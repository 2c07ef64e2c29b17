namespace Stratus.Local.Tests.Support;

/// <summary>Items recorded as the emulator produces them, which a test reads or awaits.</summary>
internal sealed class Recorded<T>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly List<T> _items = [];
    private readonly List<(Func<T, bool> Predicate, TaskCompletionSource<T> Found)> _waiters = [];

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }
    }

    public void Add(T item)
    {
        List<TaskCompletionSource<T>> found;
        lock (_gate)
        {
            _items.Add(item);
            found = _waiters.Where(waiter => waiter.Predicate(item)).Select(waiter => waiter.Found).ToList();
            _waiters.RemoveAll(waiter => found.Contains(waiter.Found));
        }

        foreach (var waiter in found)
        {
            waiter.TrySetResult(item);
        }
    }

    /// <summary>Awaits the first item, recorded or still to come, that satisfies <paramref name="predicate"/>.</summary>
    public Task<T> WaitForAsync(Func<T, bool> predicate)
    {
        var found = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var item in _items)
            {
                if (predicate(item))
                {
                    return Task.FromResult(item);
                }
            }

            _waiters.Add((predicate, found));
        }

        return found.Task.WaitAsync(WaitLimit);
    }
}
