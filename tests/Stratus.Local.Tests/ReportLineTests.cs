using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// The REPORT and INIT_REPORT lines of each way an invocation ends, as a caller reads them from the Invoke API's
/// Tail log (X-Amz-Log-Result). The shapes follow AWS's "Understanding the Lambda execution environment
/// lifecycle" page (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html): its "Failures
/// during the Init phase" section for INIT_REPORT, and its "Failures during the invoke phase" section for the
/// REPORT of a crash or a timeout ("Status: error Error Type: Runtime.ExitError", "Status: timeout", with
/// Max Memory Used in both) and for a suppressed init (its time is in the REPORT's Duration, no Init Duration).
/// </summary>
public sealed class ReportLineTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("stratus-report-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Report_Success_HasNoStatusField()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));

        var report = await InvokeWithTailAsync(test, "echo");

        Assert.Equal(
            ["Duration", "Billed Duration", "Memory Size", "Max Memory Used", "Init Duration"],
            report.Fields.Keys);
    }

    [Fact]
    public async Task Report_ColdStart_BillsDurationAndInitDuration()
    {
        // AWS bills INIT on custom runtimes (provided.*), and since 1 August 2025 on every on-demand function ("AWS
        // Lambda standardizes billing for INIT Phase"), so a cold start's Billed Duration is ceil(Duration + Init).
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));

        var cold = await InvokeWithTailAsync(test, "echo");
        var warm = await InvokeWithTailAsync(test, "echo");

        // The figures are printed to 0.01 ms, so the sum of the printed ones may be 0.01 ms off the real one.
        var coldSum = cold.DurationMs + cold.InitDurationMs;
        Assert.InRange(cold.BilledMs, Math.Ceiling(coldSum - 0.01), Math.Ceiling(coldSum + 0.01));
        Assert.True(cold.BilledMs > Math.Ceiling(cold.DurationMs), cold.Line);
        Assert.InRange(
            warm.BilledMs, Math.Max(1, Math.Ceiling(warm.DurationMs - 0.01)), Math.Ceiling(warm.DurationMs + 0.01));
    }

    [Fact]
    public async Task Report_SuppressedInit_BillsItsDurationOnceWithoutInitDuration()
    {
        // A suppressed init's time is already in Duration; there is no Init Duration to add to the bill.
        var echo = Create("echo", "echo") with { Timeout = TimeSpan.FromSeconds(5) };
        await using var test = await TestCloud.StartAsync(echo);

        await InvokeWithTailAsync(test, "echo", """{"behaviour":"crash"}""");
        var next = await InvokeWithTailAsync(test, "echo");

        Assert.DoesNotContain("Init Duration", next.Fields.Keys);
        Assert.InRange(next.BilledMs, Math.Ceiling(next.DurationMs - 0.01), Math.Ceiling(next.DurationMs + 0.01));
    }

    [Fact]
    public async Task Report_HandlerError_HasNoStatusField()
    {
        // The runtime answered with an error and goes on to its next event: the environment is not reset, and the
        // lifecycle page shows a Status only for the failures that reset it.
        await using var test = await TestCloud.StartAsync(Create("fail", "throw"));

        var report = await InvokeWithTailAsync(test, "fail");

        Assert.DoesNotContain("Status", report.Fields.Keys);
    }

    [Fact]
    public async Task Report_Timeout_EndsWithStatusTimeoutAndGivesMaxMemoryUsed()
    {
        var slow = Create("slow", "sleep") with { Timeout = TimeSpan.FromSeconds(1) };
        await using var test = await TestCloud.StartAsync(slow);

        var report = await InvokeWithTailAsync(test, "slow");

        Assert.Equal("timeout", report.Fields["Status"]);
        Assert.DoesNotContain("Error Type", report.Fields.Keys);
        Assert.True(report.MaxMemoryUsed > 0, report.Line);
        Assert.InRange(report.DurationMs, 1000, 10_000);
    }

    [Fact]
    public async Task Report_ProcessCrashesMidInvocation_GivesItsLastKnownPeakAndRuntimeExitErrorStatus()
    {
        // The process is gone when its REPORT is written; the figure is the last one read while it ran.
        await using var test = await TestCloud.StartAsync(Create("crash", "crash"));

        var report = await InvokeWithTailAsync(test, "crash");

        Assert.True(report.MaxMemoryUsed > 0, report.Line);
        Assert.Equal("error", report.Fields["Status"]);
        Assert.Equal("Runtime.ExitError", report.Fields["Error Type"]);
        Assert.Equal(["Init Duration", "Status", "Error Type"], report.Fields.Keys.TakeLast(3));
    }

    [Fact]
    public async Task Report_KilledForMemory_GivesMemorySizeAsUsedAndRuntimeExitErrorStatus()
    {
        var hungry = Create("hungry", "allocate") with { MemorySize = 128, Timeout = TimeSpan.FromSeconds(60) };
        await using var test = await TestCloud.StartAsync(hungry);

        var report = await InvokeWithTailAsync(test, "hungry", """{"mb":200,"holdMs":30000}""");

        Assert.Equal(128, report.MaxMemoryUsed);
        Assert.Equal("error", report.Fields["Status"]);
        Assert.Equal("Runtime.ExitError", report.Fields["Error Type"]);
    }

    [Theory]
    [InlineData("init-error", "TestRuntime.InitError")]
    [InlineData("init-exit", "Runtime.ExitError")]
    public async Task Report_InitFails_DurationIsTheInitsWithItsErrorTypeAndNoInitDuration(
        string handler, string errorType)
    {
        // The runtime posts /init/error, or its process exits before asking for an event.
        await using var test = await TestCloud.StartAsync(Create("broken", handler));

        var report = await InvokeWithTailAsync(test, "broken");

        Assert.Contains(
            $"\tPhase: init\tStatus: error\tError Type: {errorType}\n", report.Tail, StringComparison.Ordinal);
        Assert.InRange(report.DurationMs, InitReportDurationMs(report.Tail), double.MaxValue);
        Assert.True(report.DurationMs > 0, report.Line);
        Assert.DoesNotContain("Init Duration", report.Fields.Keys);
        Assert.Equal("error", report.Fields["Status"]);
        Assert.Equal(errorType, report.Fields["Error Type"]);
    }

    [Fact]
    public async Task Report_ExecutableMissing_HasInvalidEntrypointStatus()
    {
        var missing = Create("missing", "pid") with { ExecutablePath = "./no-such-bootstrap", Arguments = [] };
        await using var test = await TestCloud.StartAsync(missing);

        var report = await InvokeWithTailAsync(test, "missing");

        Assert.Equal("error", report.Fields["Status"]);
        Assert.Equal("Runtime.InvalidEntrypoint", report.Fields["Error Type"]);
        Assert.DoesNotContain("Init Duration", report.Fields.Keys);
    }

    [Fact]
    public async Task Report_RetriedInitTimesOut_DurationIsTheSuppressedInitWithStatusTimeout()
    {
        // The lifecycle page: a suppressed init is not reported as an init of its own; the REPORT's Duration holds
        // its time. Here the retried init uses the whole 3 s function timeout.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var test = await TestCloud.StartAsync(
            [SlowInit(_scratch, holdAlways: true)],
            options => options with { TimeProvider = clock });

        var pending = InvokeWithTailAsync(test, "slow");
        await test.Output.WaitForLineAsync(line => line.StartsWith("slow-init:", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromSeconds(10));
        await test.Output.WaitForLinesAsync(line => line.StartsWith("slow-init:", StringComparison.Ordinal), 2);
        clock.Advance(TimeSpan.FromSeconds(3));
        var report = await pending;

        Assert.Contains(
            "INIT_REPORT Init Duration: 3000.00 ms\tPhase: invoke\tStatus: timeout\n",
            report.Tail,
            StringComparison.Ordinal);
        Assert.Equal("3000.00 ms", report.Fields["Duration"]);
        Assert.DoesNotContain("Init Duration", report.Fields.Keys);
        Assert.Equal("timeout", report.Fields["Status"]);

        // That timeout was the invoke phase's, so the environment was reset: the next invocation re-initializes it
        // suppressed, under the function timeout, not with a first init's 10 s.
        var next = InvokeWithTailAsync(test, "slow");
        await test.Output.WaitForLinesAsync(line => line.StartsWith("slow-init:", StringComparison.Ordinal), 3);
        clock.Advance(TimeSpan.FromSeconds(3));
        var nextReport = await next;

        Assert.Contains(
            "INIT_REPORT Init Duration: 3000.00 ms\tPhase: invoke\tStatus: timeout\n",
            nextReport.Tail,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Phase: init", nextReport.Tail, StringComparison.Ordinal);
        Assert.Equal("timeout", nextReport.Fields["Status"]);
    }

    [Theory]
    [InlineData("crash")]
    [InlineData("sleep")]
    public async Task Report_NextInvocationAfterAReset_HasASuppressedInitInItsDurationAndNoInitDuration(
        string failure)
    {
        // The lifecycle page ("Failures during the invoke phase"): after a crash or a timeout Lambda resets the
        // environment and, "if this environment is used for a new invocation, Lambda re-initializes the extension
        // and runtime together with the next invocation", a suppressed init: no INIT_REPORT when it succeeds, its
        // time in the REPORT's Duration, and no Init Duration.
        // The re-init shares the next invocation's timeout: a second was too short for a process start on a loaded
        // CI machine (the test then saw Status: timeout), so the sleeping invocation waits for a longer one.
        var echo = Create("echo", "echo") with { Timeout = TimeSpan.FromSeconds(5) };
        await using var test = await TestCloud.StartAsync(echo);

        var failed = await InvokeWithTailAsync(test, "echo", $$"""{"behaviour":"{{failure}}"}""");
        var next = await InvokeWithTailAsync(test, "echo");
        var warm = await InvokeWithTailAsync(test, "echo");

        Assert.Contains("Init Duration", failed.Fields.Keys);
        Assert.DoesNotContain("Init Duration", next.Fields.Keys);
        Assert.DoesNotContain("Status", next.Fields.Keys);
        Assert.DoesNotContain("INIT_REPORT", next.Tail, StringComparison.Ordinal);

        // The new process's init lines come before START, and its time is part of the Duration.
        var initLine = next.Tail.IndexOf("init: handler echo", StringComparison.Ordinal);
        Assert.InRange(initLine, 0, next.Tail.IndexOf("START RequestId", StringComparison.Ordinal));
        Assert.True(next.DurationMs > warm.DurationMs, $"{next.Line}\n{warm.Line}");
        Assert.DoesNotContain("Init Duration", warm.Fields.Keys);
        var reinitialized = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2038);
        var nextRequestId = next.Line.Split('\t')[0]["REPORT RequestId: ".Length..];
        Assert.Contains(nextRequestId, reinitialized.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_FirstInvocationLongAfterAReset_IsAColdStartWithInitDuration()
    {
        // A reset environment left unused for the idle timeout (5 minutes by default) is gone, as an idle one is.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var test = await TestCloud.StartAsync(
            [Create("echo", "echo")],
            options => options with { TimeProvider = clock });

        var crashed = await test.InvokeAsync("echo", """{"behaviour":"crash"}""");
        clock.Advance(TimeSpan.FromMinutes(5));
        var next = await test.InvokeAsync("echo");

        Assert.Equal(FunctionErrorKind.RuntimeExit, crashed.Error);
        Assert.True(next.IsSuccess, next.ErrorMessage);
        Assert.NotNull(next.InitDuration);
    }

    private static async Task<Report> InvokeWithTailAsync(TestCloud test, string key, string payload = "{}")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2015-03-31/functions/svc-dev-{key}/invocations")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Amz-Log-Type", "Tail");

        using var response = await test.Client.SendAsync(request);

        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        var logResult = response.Headers.GetValues("X-Amz-Log-Result").Single();
        var tail = Encoding.UTF8.GetString(Convert.FromBase64String(logResult));
        return Report.Parse(tail, requestId);
    }

    private static double InitReportDurationMs(string tail)
    {
        var line = tail.Split('\n').Single(line => line.StartsWith("INIT_REPORT ", StringComparison.Ordinal));
        var value = line.Split('\t')[0]["INIT_REPORT Init Duration: ".Length..^" ms".Length];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>A REPORT line's fields, in their order, as "Name: value" pairs split at Lambda's tabs.</summary>
    private sealed record Report(string Tail, string Line, IReadOnlyDictionary<string, string> Fields)
    {
        public double DurationMs => double.Parse(Fields["Duration"][..^" ms".Length], CultureInfo.InvariantCulture);

        public double BilledMs => Milliseconds("Billed Duration");

        public double InitDurationMs => Milliseconds("Init Duration");

        public int MaxMemoryUsed => int.Parse(Fields["Max Memory Used"][..^" MB".Length], CultureInfo.InvariantCulture);

        private double Milliseconds(string field) =>
            double.Parse(Fields[field][..^" ms".Length], CultureInfo.InvariantCulture);

        public static Report Parse(string tail, string requestId)
        {
            var prefix = $"REPORT RequestId: {requestId}\t";
            var line = tail.Split('\n').Single(line => line.StartsWith(prefix, StringComparison.Ordinal));

            // Every field ends with a tab, as Lambda writes them, so the last split is empty.
            Assert.EndsWith("\t", line, StringComparison.Ordinal);
            var fields = new OrderedDictionary<string, string>();
            foreach (var field in line[prefix.Length..^1].Split('\t'))
            {
                var colon = field.IndexOf(": ", StringComparison.Ordinal);
                fields.Add(field[..colon], field[(colon + 2)..]);
            }

            return new Report(tail, line, fields);
        }
    }
}
