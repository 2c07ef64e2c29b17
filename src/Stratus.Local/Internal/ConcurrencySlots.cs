namespace Stratus.Local.Internal;

/// <summary>
/// The concurrency cap's count for one function, shared by its pools in every live generation, so the processes
/// of a replaced version that still run an invocation count against the new version's cap, as Lambda counts
/// every version's executions against a function's reserved concurrency.
/// </summary>
/// <remarks>
/// Pools take a slot under their own lock and give it back there too, but call <see cref="NotifyFreed"/> outside
/// it: a freed slot wakes the other pools, and taking their locks while holding one's own could deadlock.
/// </remarks>
internal sealed class ConcurrencySlots
{
    private readonly object _gate = new();
    private readonly List<FunctionPool> _pools = [];
    private int _taken;

    /// <summary>Takes a slot when fewer than <paramref name="limit"/> are taken.</summary>
    /// <remarks>The caller's limit decides, so the newest version's reservedConcurrency governs new requests.</remarks>
    public bool TryTake(int limit)
    {
        lock (_gate)
        {
            if (_taken >= limit)
            {
                return false;
            }

            _taken++;
            return true;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _taken--;
        }
    }

    /// <summary>Lets every pool of the function start an invocation that waits for a slot.</summary>
    public void NotifyFreed()
    {
        FunctionPool[] pools;
        lock (_gate)
        {
            pools = [.. _pools];
        }

        foreach (var pool in pools)
        {
            pool.OnSlotFreed();
        }
    }

    public void Join(FunctionPool pool)
    {
        lock (_gate)
        {
            _pools.Add(pool);
        }
    }

    public void Leave(FunctionPool pool)
    {
        lock (_gate)
        {
            _pools.Remove(pool);
        }
    }
}
