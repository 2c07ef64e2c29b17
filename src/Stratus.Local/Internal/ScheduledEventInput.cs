using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stratus.Local.Internal;

/// <summary>What a schedule's function receives when its rule fires: the Scheduled Event or its input.</summary>
internal static class ScheduledEventInput
{
    // Events carry user text; AWS sends it as raw UTF-8, not as \u escapes.
    private static readonly JsonSerializerOptions Unescaped = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON the function gets for one firing of <paramref name="schedule"/>.</summary>
    /// <remarks>
    /// Limitation: an inputPath that selects nothing sends <c>null</c>; AWS does not document that case.
    /// </remarks>
    public static byte[] For(LocalSchedule schedule, string ruleName, DateTimeOffset time, CloudContext cloud)
    {
        if (schedule.Input is { } input)
        {
            return Encoding.UTF8.GetBytes(
                schedule.UsesScheduler ? WithSchedulerAttributes(input, ruleName, time, cloud) : input);
        }

        var options = cloud.Options;
        var ruleArn = $"arn:aws:events:{options.Region}:{options.AccountId}:rule/{ruleName}";
        var sent = ScheduledEvent(ruleArn, time, cloud);
        var json = (schedule.InputPath, schedule.InputTransformer) switch
        {
            ({ } path, _) => path.Select(sent, out _)?.ToJsonString(Unescaped) ?? "null",
            (_, { } transformer) => transformer.Transform(sent, ruleName, ruleArn, time),
            _ => sent.ToJsonString(Unescaped),
        };
        return Encoding.UTF8.GetBytes(json);
    }

    /// <summary>
    /// Replaces the context attributes EventBridge Scheduler fills into a target's input ("Adding context
    /// attributes" in the Scheduler user guide). Attempt 1 always: Scheduler counts its own attempts to reach
    /// Lambda, which locally never fail; Lambda's retries of a failed asynchronous invocation resend the same input.
    /// </summary>
    private static string WithSchedulerAttributes(string input, string name, DateTimeOffset time, CloudContext cloud)
    {
        if (!input.Contains("<aws.scheduler.", StringComparison.Ordinal))
        {
            return input;
        }

        var options = cloud.Options;
        return input
            .Replace(
                "<aws.scheduler.schedule-arn>",
                $"arn:aws:scheduler:{options.Region}:{options.AccountId}:schedule/default/{name}",
                StringComparison.Ordinal)
            .Replace("<aws.scheduler.scheduled-time>", EventTime(time), StringComparison.Ordinal)
            .Replace("<aws.scheduler.execution-id>", Guid.NewGuid().ToString("N")[..16], StringComparison.Ordinal)
            .Replace("<aws.scheduler.attempt-number>", "1", StringComparison.Ordinal);
    }

    /// <summary>A time as EventBridge writes it in events: UTC, to the second, such as 2025-06-01T12:00:00Z.</summary>
    public static string EventTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // The fields in the order EventBridge writes them ("Amazon EventBridge events", scheduled event example).
    private static JsonObject ScheduledEvent(string ruleArn, DateTimeOffset time, CloudContext cloud) => new()
    {
        ["version"] = "0",
        ["id"] = CloudContext.NewRequestId(),
        ["detail-type"] = "Scheduled Event",
        ["source"] = "aws.events",
        ["account"] = cloud.Options.AccountId,
        ["time"] = EventTime(time),
        ["region"] = cloud.Options.Region,
        ["resources"] = new JsonArray(ruleArn),
        ["detail"] = new JsonObject(),
    };
}
