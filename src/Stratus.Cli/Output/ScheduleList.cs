using Stratus.Service;

namespace Stratus.Cli.Output;

/// <summary>
/// The schedules `stratus dev` fires, one line each, for the console after the route table; an expression's line
/// ends, tabs and other unusual white space are shown escaped, so each schedule stays on its line. A schedule with
/// `enabled: false` is listed as disabled, so that one which never fires is seen not to, rather than missed.
/// </summary>
internal static class ScheduleList
{
    public static string Format(ServiceDefinition service)
    {
        var lines = service.Functions
            .SelectMany(function => function.Events.OfType<ScheduleEvent>()
                .SelectMany(schedule => schedule.Expressions.Select(expression => (schedule, expression)))
                .Select(item =>
                    $"  schedule  {DisplayText.Escaped(item.expression)}{Zone(item.schedule)}  -> {function.Key}" +
                    (item.schedule.Enabled ? "" : "  (disabled: enabled: false)")));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Zone(ScheduleEvent schedule) =>
        schedule.Timezone is { } zone ? $" ({DisplayText.Escaped(zone.ToText())})" : "";
}
