using System;
using System.Threading;

namespace Stratus.Functions.Internal;

/// <summary>
/// A token that is cancelled shortly before the invocation's deadline (or when the host stops), so a handler
/// can give up cleanly and its error can still be reported before Lambda ends the invocation.
/// </summary>
internal sealed class InvocationCancellation : IDisposable
{
    /// <summary>
    /// How long before the deadline the token is cancelled: enough to post an error to the Runtime API.
    /// </summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(250);

    // CancellationTokenSource timers take at most uint.MaxValue - 1 milliseconds.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1.0);

    private readonly CancellationTokenSource? _deadline;
    private readonly CancellationTokenSource _linked;

    public InvocationCancellation(DateTimeOffset deadline, TimeProvider clock, CancellationToken hostToken)
    {
        ArgumentNullException.ThrowIfNull(clock);

        var delay = deadline - DeadlineMargin - clock.GetUtcNow();
        if (deadline == DateTimeOffset.MaxValue || delay > LongestTimer)
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(hostToken);
            return;
        }

        _deadline = new CancellationTokenSource(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, clock);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(hostToken, _deadline.Token);
    }

    public CancellationToken Token => _linked.Token;

    public void Dispose()
    {
        _linked.Dispose();
        _deadline?.Dispose();
    }
}
