using Stratus.Cli.Output;
using Stratus.Cli.Tests.Support;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>The schedules `stratus dev` lists after its routes.</summary>
public sealed class ScheduleListTests : IDisposable
{
    private readonly TempServiceFile _service = new("stratus-schedules-");

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Format_SchedulerScheduleWithATimeZone_ShowsTheZoneBesideTheExpression()
    {
        var service = _service.Load(Report("""
                  - schedule: cron(0 9 * * ? *)
                  - schedule:
                      rate: cron(0 9 * * ? *)
                      method: scheduler
                      timezone: Europe/Paris
            """));

        var text = ScheduleList.Format(service);

        Assert.Equal(
            [
                "  schedule  cron(0 9 * * ? *)  -> report",
                "  schedule  cron(0 9 * * ? *) (Europe/Paris)  -> report",
            ],
            text.Split(Environment.NewLine));
    }

    // A 'schedule: |' block keeps its line end, and a tab or a no-break space looks like a space: each is shown
    // escaped, so every schedule stays on its line and reads as it is written.
    [Fact]
    public void Format_ExpressionWithLineEndsTabsOrNoBreakSpaces_ShowsThemEscapedOnOneLine()
    {
        var service = _service.Load(Report("""
                  - schedule: |
                      rate(5 minutes)
                  - schedule: "cron(0\t12\u00a0* * ? *)\r\n"
                  - schedule: "rate(1\vday)"
            """));

        var text = ScheduleList.Format(service);

        Assert.Equal(
            [
                "  schedule  rate(5 minutes)\\n  -> report",
                "  schedule  cron(0\\t12\\u00a0* * ? *)\\r\\n  -> report",
                "  schedule  rate(1\\u000bday)  -> report",
            ],
            text.Split(Environment.NewLine));
    }

    [Fact]
    public void Format_DisabledSchedule_IsListedAsDisabled()
    {
        var service = _service.Load(Report("""
                  - schedule:
                      rate: rate(5 minutes)
                      enabled: false
                  - schedule: rate(1 hour)
            """));

        var text = ScheduleList.Format(service);

        Assert.Equal(
            [
                "  schedule  rate(5 minutes)  -> report  (disabled: enabled: false)",
                "  schedule  rate(1 hour)  -> report",
            ],
            text.Split(Environment.NewLine));
    }

    // A service whose one function, 'report', has the events given (list items indented for 'events:').
    private static string Report(string events) => """
        service: s
        provider:
          name: aws
        functions:
          report:
            handler: A::A.Report
            events:

        """ + events;
}
