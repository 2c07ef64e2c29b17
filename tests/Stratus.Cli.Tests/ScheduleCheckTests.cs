using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>`dev` checks schedule expressions as EventBridge parses them before it builds anything.</summary>
public sealed class ScheduleCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-schedules-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void CheckSchedules_InvalidRateAndCron_ReportsEachAsStr1224AtItsEventWithAFix()
    {
        var service = Load("""
            service: ticks
            provider:
              name: aws
            functions:
              ticker:
                handler: Ticks::Ticks.Ticker
                events:
                  - schedule: rate(1 minutes)
                  - schedule: cron(0 12 * * * *)
                  - schedule: rate(5 minutes)
            """);

        var error = Assert.Throws<ConfigException>(() => LocalCloudMapper.CheckSchedules(service));

        Assert.Equal(2, error.Errors.Count);
        Assert.All(error.Errors, found => Assert.Equal("STR1224", found.Code));
        Assert.Equal([8, 9], error.Errors.Select(found => found.At.Line));
        Assert.Contains("AWS expects 'minute'", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'?' in exactly one", error.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("cron(0 12 * * ? *)", error.Errors[0].Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSchedules_ValidAndDisabledOnes_PassWithoutError()
    {
        var service = Load("""
            service: ticks
            provider:
              name: aws
            functions:
              ticker:
                handler: Ticks::Ticks.Ticker
                events:
                  - schedule: rate(1 minute)
                  - schedule: cron(0/5 * * * ? *)
                  - schedule:
                      rate: rate(1 minutes)
                      enabled: false
            """);

        LocalCloudMapper.CheckSchedules(service);
    }

    private ServiceDefinition Load(string yaml)
    {
        var path = Path.Combine(_folder, "serverless.yml");
        File.WriteAllText(path, yaml);
        return ServiceLoader.Load(path, new ServiceLoadOptions());
    }
}
