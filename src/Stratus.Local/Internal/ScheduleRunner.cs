using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Stratus.Local.Internal;

/// <summary>Fires the served functions' schedules on the cloud's clock, each as an asynchronous invocation.</summary>
/// <remarks>
/// A rule's timing belongs to the rule, not to a build: as a code deploy leaves an EventBridge rule alone,
/// <see cref="Serve"/> hands each schedule to the new version's functions and keeps when it started and when it
/// fires next, so saving code more often than a <c>rate(1 hour)</c> does not keep it from firing.
/// Limitation: a schedule does not catch up on firings missed while the machine slept; like a rule created
/// now, it fires at its next time.
/// </remarks>
internal sealed class ScheduleRunner : IDisposable
{
    // A timer waits at most 2^32 - 2 ms (about 49.7 days), and a yearly cron or a 'rate(50 days)' waits longer:
    // a longer wait is taken a day at a time.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly CloudContext _cloud;
    private readonly AsyncEventQueue _events;
    private readonly object _gate = new();
    private Dictionary<string, Rule> _rules = new(StringComparer.Ordinal);
    private bool _disposed;

    public ScheduleRunner(CloudContext cloud, AsyncEventQueue events)
    {
        _cloud = cloud;
        _events = events;
    }

    /// <summary>Fires <paramref name="generation"/>'s schedules from now on; known rules keep their timing.</summary>
    public void Serve(CloudGeneration generation)
    {
        var now = _cloud.Time.GetUtcNow();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var previous = _rules;
            _rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
            foreach (var function in generation.Functions)
            {
                for (var index = 0; index < function.Schedules.Count; index++)
                {
                    var rule = NewRule(generation.PoolsByKey[function.Key], function, index, previous, now);
                    _rules[rule.Key] = rule;
                    Arm(rule);
                }
            }

            foreach (var replaced in previous.Values)
            {
                replaced.Timer?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var rule in _rules.Values)
            {
                rule.Timer?.Dispose();
            }

            _rules.Clear();
        }
    }

    private static Rule NewRule(
        FunctionPool pool,
        LocalFunction function,
        int index,
        Dictionary<string, Rule> previous,
        DateTimeOffset now)
    {
        var schedule = function.Schedules[index];
        var name = schedule.Name ?? string.Create(
            CultureInfo.InvariantCulture, $"{function.Key}-schedule-{index + 1}");

        // The same function, position, name and expression is the same rule: serverless.yml did not change.
        var key = string.Join('\n', function.Key, index.ToString(CultureInfo.InvariantCulture), name,
            schedule.Expression.Text);
        if (previous.TryGetValue(key, out var known))
        {
            return new Rule(key, pool, schedule, name, known.Start) { Next = known.Next };
        }

        // A Scheduler rate schedule with no start date "starts invoking the target immediately" (Scheduler's
        // schedule-types page); an EventBridge rule's rate fires one period after the rule is made.
        return new Rule(key, pool, schedule, name, now)
        {
            Next = schedule.UsesScheduler && schedule.Expression.IsRate
                ? now
                : schedule.Expression.NextAfter(now, now, schedule.TimeZone),
        };
    }

    // Called under _gate. FakeTimeProvider may run a due timer's callback inside CreateTimer, on this thread,
    // so the callback finds the rule by version rather than by the timer it has not been handed yet.
    private void Arm(Rule rule)
    {
        if (rule.Next is not { } due)
        {
            return;
        }

        var version = ++rule.Version;
        var delay = due - _cloud.Time.GetUtcNow();
        var timer = _cloud.Time.CreateTimer(
            _ => Fire(rule, version),
            null,
            delay < TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(delay.Ticks, LongestWait.Ticks)),
            Timeout.InfiniteTimeSpan);
        if (rule.Version == version)
        {
            rule.Timer = timer;
        }
        else
        {
            timer.Dispose();
        }
    }

    private void Fire(Rule rule, int version)
    {
        DateTimeOffset due;
        lock (_gate)
        {
            // A replaced rule's timer may still run once; the rule that replaced it fires in its place.
            var current = _rules.GetValueOrDefault(rule.Key);
            if (_disposed || !ReferenceEquals(current, rule) || rule.Version != version || rule.Next is not { } next)
            {
                return;
            }

            rule.Timer?.Dispose();
            rule.Timer = null;

            // A wait longer than a timer takes was cut short, and a timer may run a little early: EventBridge
            // never sends an event before its time, so the rule waits again.
            if (_cloud.Time.GetUtcNow() < next)
            {
                Arm(rule);
                return;
            }

            due = next;
            rule.Next = rule.Schedule.Expression.NextAfter(due, rule.Start, rule.Schedule.TimeZone);
            Arm(rule);
        }

        var key = rule.Pool.Function.Key;
        if (_cloud.Logger.IsEnabled(LogLevel.Information))
        {
            // The same UTC form as the Scheduled Event's "time", not the invariant culture's US date.
            var time = ScheduledEventInput.EventTime(due);
            EmulatorLog.ScheduleFired(_cloud.Logger, rule.Name, key, time);
        }
        var payload = ScheduledEventInput.For(rule.Schedule, rule.Name, due, _cloud);
        var invocation = new Invocation(CloudContext.NewRequestId(), payload, CloudContext.NewTraceId(due));

        // EventBridge invokes asynchronously: the event goes through Lambda's queue, with its retries.
        _events.Submit(rule.Pool, invocation, "schedule " + rule.Name);
    }

    /// <summary>One schedule of one function: where it fires, from when it counts and when it fires next.</summary>
    private sealed class Rule(string key, FunctionPool pool, LocalSchedule schedule, string name, DateTimeOffset start)
    {
        public string Key { get; } = key;

        public FunctionPool Pool { get; } = pool;

        public LocalSchedule Schedule { get; } = schedule;

        public string Name { get; } = name;

        public DateTimeOffset Start { get; } = start;

        public DateTimeOffset? Next { get; set; }

        public int Version { get; set; }

        public ITimer? Timer { get; set; }
    }
}
