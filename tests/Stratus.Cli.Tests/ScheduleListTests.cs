using Stratus.Cli.Output;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>The schedules `stratus dev` lists after its routes.</summary>
public sealed class ScheduleListTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-schedules-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Format_SchedulerScheduleWithATimeZone_ShowsTheZoneBesideTheExpression()
    {
        var config = Path.Combine(_folder, "serverless.yml");
        File.WriteAllText(config, """
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

        var text = ScheduleList.Format(ServiceLoader.Load(config, new ServiceLoadOptions()));

        Assert.Equal(
            [
                "  schedule  cron(0 9 * * ? *)  -> report",
                "  schedule  cron(0 9 * * ? *) (Europe/Paris)  -> report",
            ],
            text.Split(Environment.NewLine));
    }
}
