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
        var service = _service.Load("""
            service: s
            provider:
              name: aws
            functions:
              report:
                handler: A::A.Report
                events:
                  - schedule: cron(0 9 * * ? *)
                  - schedule:
                      rate: cron(0 9 * * ? *)
                      method: scheduler
                      timezone: Europe/Paris
            """);

        var text = ScheduleList.Format(service);

        Assert.Equal(
            [
                "  schedule  cron(0 9 * * ? *)  -> report",
                "  schedule  cron(0 9 * * ? *) (Europe/Paris)  -> report",
            ],
            text.Split(Environment.NewLine));
    }
}
