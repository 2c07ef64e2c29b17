using Stratus.Cli.Tests.Support;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>`dev` checks schedule expressions as EventBridge parses them before it builds anything.</summary>
public sealed class ScheduleCheckTests : IDisposable
{
    private readonly TempServiceFile _service = new("stratus-schedules-");

    public void Dispose() => _service.Dispose();

    [Fact]
    public void CheckSchedules_InvalidRateAndCron_ReportsEachAsStr1224AtItsExpressionWithAFix()
    {
        var service = Load(Ticker("""
                  - schedule: rate(1 minutes)
                  - schedule: cron(0 12 * * * *)
                  - schedule: rate(5 minutes)
            """));

        var error = Assert.Throws<ConfigException>(() => LocalCloudMapper.CheckSchedules(service));

        Assert.Equal(2, error.Errors.Count);
        Assert.All(error.Errors, found => Assert.Equal("STR1224", found.Code));
        Assert.Equal([(8, 19), (9, 19)], error.Errors.Select(found => (found.At.Line, found.At.Column)));
        Assert.Contains("AWS expects 'minute'", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'?' in exactly one", error.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("'rate(5 minutes)'", error.Errors[0].Fix, StringComparison.Ordinal);
        Assert.Contains("cron(0 12 * * ? *)", error.Errors[1].Fix, StringComparison.Ordinal);
    }

    // eb-rate-expressions.html: "Valid values: minute | minutes | hour | hours | day | days".
    [Fact]
    public void CheckSchedules_RateWithAUnitEventBridgeDoesNotTake_ReportsStr1224NamingTheUnitAtItsExpression()
    {
        var service = Load(Ticker("""
                  - schedule: rate(5 weeks)
                  - schedule: "rate(5minutes)"
            """));

        var errors = Assert.Throws<ConfigException>(() => LocalCloudMapper.CheckSchedules(service)).Errors;

        Assert.Equal([(8, 19), (9, 19)], errors.Select(found => (found.At.Line, found.At.Column)));
        Assert.Contains("has the unit 'weeks'", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'rate(35 days)'", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("has no space between the value '5'", errors[1].Message, StringComparison.Ordinal);
        Assert.All(
            errors, found => Assert.StartsWith("write 'rate(value unit)'", found.Fix, StringComparison.Ordinal));
    }

    // A cron's fields may be apart by any white space (AWS: "separated by white space"), which used to count
    // 'cron(0\t12 * * ? *)' as five fields; a refused one is quoted on one line, its tab escaped.
    [Fact]
    public void CheckSchedules_CronWithTabsBetweenFields_RunsAndARefusedOneIsQuotedEscaped()
    {
        var service = Load(Ticker("""
                  - schedule: "cron(0\t12 * * ? *)"
                  - schedule: "cron(\t0 12\u00a0* * ? *)"
                  - schedule: "cron(0\t12 *\v* ?)\n"
            """));

        var error = Assert.Throws<ConfigException>(() => LocalCloudMapper.CheckSchedules(service));

        var found = Assert.Single(error.Errors);
        Assert.Equal(("STR1224", 10), (found.Code, found.At.Line));
        Assert.Contains("Schedule 'cron(0\\t12 *\\u000b* ?)' has 5 cron fields", found.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\t', found.Message);
    }

    [Fact]
    public void CheckSchedules_ValidAndDisabledOnes_PassWithoutError()
    {
        var service = Load(Ticker("""
                  - schedule: rate(1 minute)
                  - schedule: cron(0/5 * * * ? *)
                  - schedule:
                      rate: rate(10 minutes)
                      enabled: false
            """));

        LocalCloudMapper.CheckSchedules(service);
    }

    // A disabled schedule is still deployed, as a rule in state DISABLED, and PutRule refuses a bad expression
    // whatever the state ("Parameter ScheduleExpression is not valid").
    [Fact]
    public void CheckSchedules_DisabledScheduleWithABadExpression_ReportsStr1224()
    {
        var service = Load(Ticker("""
                  - schedule:
                      rate: rate(5 minute)
                      enabled: false
            """));

        var error = Assert.Throws<ConfigException>(() => LocalCloudMapper.CheckSchedules(service));

        var found = Assert.Single(error.Errors);
        Assert.Equal("STR1224", found.Code);
        Assert.Equal((9, 17), (found.At.Line, found.At.Column));
    }

    // 'rate(3000000 days)' (8,200 years) once crashed `dev` with .NET's "un-representable DateTime".
    [Theory]
    [InlineData("rate(20000000 days)")]
    [InlineData("rate(99999999999 minutes)")]
    [InlineData("rate(99999999999999999999999 hours)")]
    public void CheckSchedules_RateLongerThanATimeSpan_ReportsStr1224SayingSo(string rate)
    {
        var service = Load(Ticker($"      - schedule: {rate}"));

        var error = Assert.Throws<ConfigException>(() => LocalCloudMapper.CheckSchedules(service));

        var found = Assert.Single(error.Errors);
        Assert.Equal("STR1224", found.Code);
        Assert.Contains("longer than any period Stratus can count", found.Message, StringComparison.Ordinal);
    }

    // eb-cron-expressions.html: L and W in day-of-month, L and # in day-of-week.
    [Fact]
    public void CheckSchedules_LastWeekdayAndNthDayForms_PassWithoutError()
    {
        var service = Load(Ticker("""
                  - schedule: cron(0 12 LW * ? *)
                  - schedule: cron(0/15 8-17 ? * 2#1 *)
                  - schedule: cron(0 12 15W * ? 2026-2030)
                  - schedule: cron(0 12 ? * 6L *)
            """));

        LocalCloudMapper.CheckSchedules(service);
    }

    [Fact]
    public void CheckSchedules_InvalidCronInRateList_PutsTheCaretUnderThatExpression()
    {
        var service = Load(Ticker("""
                  - schedule:
                      rate:
                        - rate(1 hour)
                        - cron(0 12 ? * 1/2 *)
            """));

        var errors = Assert.Throws<ConfigException>(() => LocalCloudMapper.CheckSchedules(service)).Errors;
        var error = Assert.Single(errors);
        var shown = error.Format("            - cron(0 12 ? * 1/2 *)");

        Assert.Equal("STR1224", error.Code);
        Assert.Equal((11, 15), (error.At.Line, error.At.Column));
        var carets = "      " + new string('^', "cron(0 12 ? * 1/2 *)".Length);
        Assert.Contains("    - cron(0 12 ? * 1/2 *)\n" + carets + "\n", shown, StringComparison.Ordinal);
        Assert.Contains("'/', which AWS does not allow in day-of-week", error.Message, StringComparison.Ordinal);
    }

    // eb-transform-target-input.html: the JSON path subset EventBridge evaluates, and templates filled as JSON.
    [Fact]
    public void CheckSchedules_UnsupportedPathAndTemplate_ReportStr1225AtEachValue()
    {
        var service = Load(Ticker("""
                  - schedule:
                      rate: rate(1 hour)
                      inputPath: '$..detail'
                  - schedule:
                      rate: rate(1 hour)
                      inputTransformer:
                        inputPathsMap:
                          t: '$.time'
                        inputTemplate: '{"time": <tt>}'
            """));

        var error = Assert.Throws<ConfigException>(() => LocalCloudMapper.CheckSchedules(service));

        Assert.All(error.Errors, found => Assert.Equal("STR1225", found.Code));
        Assert.Equal([(10, 22), (16, 28)], error.Errors.Select(found => (found.At.Line, found.At.Column)));
        Assert.Contains("'..' (recursive descent)", error.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("uses <tt>, which inputPathsMap does not", error.Errors[1].Message, StringComparison.Ordinal);
    }

    private ServiceDefinition Load(string yaml) => _service.Load(yaml);

    // A service whose one function, 'ticker', has the events given (list items indented for 'events:', line 8 on).
    private static string Ticker(string events) => """
        service: ticks
        provider:
          name: aws
        functions:
          ticker:
            handler: Ticks::Ticks.Ticker
            events:

        """ + events;
}
