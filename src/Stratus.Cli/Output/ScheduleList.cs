using Stratus.Service;

namespace Stratus.Cli.Output;

/// <summary>The schedules `stratus dev` fires, one line each, for the console after the route table.</summary>
internal static class ScheduleList
{
    public static string Format(ServiceDefinition service)
    {
        var lines = service.Functions
            .SelectMany(function => function.Events.OfType<ScheduleEvent>()
                .Where(schedule => schedule.Enabled)
                .SelectMany(schedule => schedule.Expressions)
                .Select(expression => $"  schedule  {expression}  -> {function.Key}"));
        return string.Join(Environment.NewLine, lines);
    }
}
