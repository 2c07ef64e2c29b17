using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Stratus.Local.Internal;

/// <summary>Fires one generation's schedules on the cloud's clock, each as an asynchronous invocation.</summary>
/// <remarks>
/// Limitation: a schedule does not catch up on firings missed while the machine slept; like a rule created
/// now, it fires at its next time.
/// </remarks>
internal sealed class ScheduleRunner : IDisposable
{
    private readonly CloudContext _cloud;
    private readonly List<ITimer> _timers = [];
    private readonly object _gate = new();
    private bool _disposed;

    public ScheduleRunner(CloudContext cloud, CloudGeneration generation)
    {
        _cloud = cloud;
        var start = cloud.Time.GetUtcNow();
        foreach (var function in generation.Functions)
        {
            for (var index = 0; index < function.Schedules.Count; index++)
            {
                var schedule = function.Schedules[index];
                var name = schedule.Name ?? string.Create(
                    CultureInfo.InvariantCulture, $"{function.Name}-schedule-{index + 1}");
                Arm(new Entry(generation.PoolsByKey[function.Key], schedule, name, start), start);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }

    /// <summary>The JSON EventBridge sends for a scheduled rule, or the schedule's constant input.</summary>
    public static byte[] EventFor(LocalSchedule schedule, string ruleName, DateTimeOffset time, CloudContext cloud)
    {
        if (schedule.Input is { } input)
        {
            return Encoding.UTF8.GetBytes(input);
        }

        var options = cloud.Options;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, LambdaErrors.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("version", "0");
            json.WriteString("id", Guid.NewGuid().ToString());
            json.WriteString("detail-type", "Scheduled Event");
            json.WriteString("source", "aws.events");
            json.WriteString("account", options.AccountId);
            var utc = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            json.WriteString("time", utc);
            json.WriteString("region", options.Region);
            json.WriteStartArray("resources");
            json.WriteStringValue($"arn:aws:events:{options.Region}:{options.AccountId}:rule/{ruleName}");
            json.WriteEndArray();
            json.WriteStartObject("detail");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private void Arm(Entry entry, DateTimeOffset after)
    {
        if (entry.Schedule.Expression.NextAfter(after, entry.Start) is not { } next)
        {
            return;
        }

        var delay = next - _cloud.Time.GetUtcNow();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            ITimer? timer = null;
            timer = _cloud.Time.CreateTimer(
                _ => Fire(entry, next, timer!),
                null,
                delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
                Timeout.InfiniteTimeSpan);
            _timers.Add(timer);
        }
    }

    private void Fire(Entry entry, DateTimeOffset due, ITimer timer)
    {
        lock (_gate)
        {
            if (_disposed || !_timers.Remove(timer))
            {
                return;
            }
        }

        timer.Dispose();
        var key = entry.Pool.Function.Key;
        EmulatorLog.ScheduleFired(_cloud.Logger, entry.Name, key, due);
        var payload = EventFor(entry.Schedule, entry.Name, due, _cloud);
        var invocation = new Invocation(Guid.NewGuid().ToString(), payload, CloudContext.NewTraceId(due));

        // EventBridge invokes asynchronously: a busy function's event waits in Lambda's queue.
        entry.Pool.Dispatch(invocation, queueWhenBusy: true);
        _ = ReportAsync(key, invocation);
        Arm(entry, due);
    }

    private async Task ReportAsync(string functionKey, Invocation invocation)
    {
        var result = await invocation.Completion;
        if (result.Error is not null)
        {
            EmulatorLog.ScheduleFailed(_cloud.Logger, functionKey, result.ErrorType ?? "", result.ErrorMessage ?? "");
        }
    }

    private sealed record Entry(FunctionPool Pool, LocalSchedule Schedule, string Name, DateTimeOffset Start);
}
