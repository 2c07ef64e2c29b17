using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// Failed asynchronous invocations are retried as Lambda's event queue retries them
/// (docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html): two more attempts by default,
/// one minute after the first and two minutes after the second, fewer with MaximumRetryAttempts, none past
/// MaximumEventAgeInSeconds.
/// </summary>
public sealed class AsyncRetryTests : IDisposable
{
    private const int AttemptFailed = 2021;
    private const int RetryStarted = 2022;
    private const int EventFailed = 2023;
    private const int EventExpired = 2024;
    private const int RetrySucceeded = 2026;
    private const int RetriesDropped = 2027;
    private const int EventNotRun = 2028;

    private static readonly DateTimeOffset Start = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly string _counters = Directory.CreateTempSubdirectory("stratus-retry-").FullName;

    public void Dispose() => Directory.Delete(_counters, recursive: true);

    // "Lambda attempts to run it two more times, with a one-minute wait between the first two attempts, and two
    // minutes between the second and third attempts."
    [Fact]
    public async Task InvokeEvent_FunctionKeepsFailing_RunsAtZeroOneAndThreeMinutesWithOneRequestId()
    {
        var clock = new FakeTimeProvider(Start);
        await using var test = await StartAsync(clock, Create("flaky", "echo"));

        var requestId = await SendEventAsync(test, "svc-dev-flaky", FailTimes(failures: 99));
        await WaitForFailedAttemptAsync(test, 1);
        clock.Advance(TimeSpan.FromSeconds(59));
        var retriesBeforeOneMinute = Count(test, RetryStarted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForFailedAttemptAsync(test, 2);
        clock.Advance(TimeSpan.FromSeconds(119));
        var retriesBeforeThreeMinutes = Count(test, RetryStarted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var last = await test.Logs.WaitForAsync(entry => entry.EventId == EventFailed);

        Assert.Equal(0, retriesBeforeOneMinute);
        Assert.Equal(1, retriesBeforeThreeMinutes);
        Assert.Contains("last attempt, 3 of 3", last.Message, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3], await AttemptsOfAsync(test, requestId, 3));
    }

    // MaximumRetryAttempts "The maximum number of times to retry when the function returns an error" (0 to 2).
    [Fact]
    public async Task InvokeEvent_MaximumRetryAttemptsZero_RunsOnce()
    {
        var clock = new FakeTimeProvider(Start);
        await using var test = await StartAsync(clock, Create("flaky", "echo") with { MaximumRetryAttempts = 0 });

        var requestId = await SendEventAsync(test, "svc-dev-flaky", FailTimes(failures: 99));
        var last = await test.Logs.WaitForAsync(entry => entry.EventId == EventFailed);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Contains("last attempt, 1 of 1", last.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count(test, RetryStarted));
        Assert.Equal([1], await AttemptsOfAsync(test, requestId, 1));
    }

    [Fact]
    public async Task InvokeEvent_SucceedsOnSecondAttempt_StopsRetrying()
    {
        var clock = new FakeTimeProvider(Start);
        await using var test = await StartAsync(clock, Create("flaky", "echo"));

        var requestId = await SendEventAsync(test, "svc-dev-flaky", FailTimes(failures: 1));
        await WaitForFailedAttemptAsync(test, 1);
        clock.Advance(TimeSpan.FromMinutes(1));
        var succeeded = await test.Logs.WaitForAsync(entry => entry.EventId == RetrySucceeded);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Contains("succeeded on attempt 2", succeeded.Message, StringComparison.Ordinal);
        Assert.Equal(1, Count(test, RetryStarted));
        Assert.Equal(0, Count(test, EventFailed));
        Assert.Equal([1, 2], await AttemptsOfAsync(test, requestId, 2));
    }

    // MaximumEventAgeInSeconds: "The maximum age of a request that Lambda sends to a function for processing."
    [Fact]
    public async Task InvokeEvent_NextRetryWouldPassMaximumEventAge_DiscardsTheEvent()
    {
        var clock = new FakeTimeProvider(Start);
        var function = Create("flaky", "echo") with { MaximumEventAge = TimeSpan.FromMinutes(2) };
        await using var test = await StartAsync(clock, function);

        var requestId = await SendEventAsync(test, "svc-dev-flaky", FailTimes(failures: 99));
        await WaitForFailedAttemptAsync(test, 1);
        clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await test.Logs.WaitForAsync(entry => entry.EventId == EventExpired);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Contains("failed on attempt 2", expired.Message, StringComparison.Ordinal);
        Assert.Contains("maximumEventAge of 120 s", expired.Message, StringComparison.Ordinal);
        Assert.Equal(1, Count(test, RetryStarted));
        Assert.Equal([1, 2], await AttemptsOfAsync(test, requestId, 2));
    }

    // EventBridge invokes its targets asynchronously, so a failed scheduled invocation is retried the same way.
    [Fact]
    public async Task Schedule_FiringKeepsFailing_IsRetriedAfterOneAndThreeMinutes()
    {
        var clock = new FakeTimeProvider(Start);
        var schedule = new LocalSchedule(ScheduleExpression.Parse("rate(1 hour)"))
        {
            Name = "hourly",
            Input = FailTimes(failures: 99),
        };
        await using var test = await StartAsync(clock, Create("flaky", "echo") with { Schedules = [schedule] });

        clock.Advance(TimeSpan.FromHours(1));
        var first = await WaitForFailedAttemptAsync(test, 1);
        clock.Advance(TimeSpan.FromSeconds(59));
        var retriesBeforeOneMinute = Count(test, RetryStarted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForFailedAttemptAsync(test, 2);
        clock.Advance(TimeSpan.FromSeconds(119));
        var retriesBeforeThreeMinutes = Count(test, RetryStarted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var last = await test.Logs.WaitForAsync(entry => entry.EventId == EventFailed);

        Assert.Contains("from schedule hourly", first.Message, StringComparison.Ordinal);
        Assert.Equal(0, retriesBeforeOneMinute);
        Assert.Equal(1, retriesBeforeThreeMinutes);
        Assert.Contains("last attempt, 3 of 3", last.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_FiringSucceedsOnSecondAttempt_StopsRetrying()
    {
        var clock = new FakeTimeProvider(Start);
        var schedule = new LocalSchedule(ScheduleExpression.Parse("rate(1 hour)")) { Input = FailTimes(failures: 1) };
        await using var test = await StartAsync(clock, Create("flaky", "echo") with { Schedules = [schedule] });

        clock.Advance(TimeSpan.FromHours(1));
        await WaitForFailedAttemptAsync(test, 1);
        clock.Advance(TimeSpan.FromMinutes(1));
        var succeeded = await test.Logs.WaitForAsync(entry => entry.EventId == RetrySucceeded);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Contains("succeeded on attempt 2", succeeded.Message, StringComparison.Ordinal);
        Assert.Equal(1, Count(test, RetryStarted));
        Assert.Equal(0, Count(test, EventFailed));
    }

    // A retry runs the code served when it comes due, as a retry in AWS runs the version deployed by then.
    [Fact]
    public async Task InvokeEvent_CodeReloadedBeforeRetry_RetriesOnTheNewVersion()
    {
        var clock = new FakeTimeProvider(Start);
        var version1 = Create("flaky", "throw");
        await using var test = await StartAsync(clock, version1);

        await SendEventAsync(test, "svc-dev-flaky", """{"k":1}""");
        await WaitForFailedAttemptAsync(test, 1);
        await test.Cloud.ReplaceFunctionsAsync([version1 with { Handler = "print-event" }], CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        var line = await test.Output.WaitForLineAsync(text => text.StartsWith("event: ", StringComparison.Ordinal));
        await test.Logs.WaitForAsync(entry => entry.EventId == RetrySucceeded);

        Assert.Equal("""event: {"k":1}""", line);
    }

    // Limitation check: a throttle is not a function error, and the local queue does not retry it.
    [Fact]
    public async Task InvokeEvent_ReservedConcurrencyZero_DiscardsTheEventWithoutRetries()
    {
        var clock = new FakeTimeProvider(Start);
        await using var test = await StartAsync(clock, Create("flaky", "echo") with { ReservedConcurrency = 0 });

        await SendEventAsync(test, "svc-dev-flaky", "{}");
        var notRun = await test.Logs.WaitForAsync(entry => entry.EventId == EventNotRun);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Contains("TooManyRequestsException", notRun.Message, StringComparison.Ordinal);
        Assert.Equal(0, Count(test, RetryStarted));
        Assert.Equal(0, Count(test, AttemptFailed));
    }

    [Fact]
    public async Task DisposeAsync_RetryPending_DropsTheRetry()
    {
        var clock = new FakeTimeProvider(Start);
        await using var test = await StartAsync(clock, Create("flaky", "throw"));

        await SendEventAsync(test, "svc-dev-flaky", "{}");
        await WaitForFailedAttemptAsync(test, 1);
        await test.Cloud.DisposeAsync();
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(1, Count(test, RetriesDropped));
        Assert.Equal(0, Count(test, RetryStarted));
    }

    [Theory]
    [InlineData(3, 60)]
    [InlineData(-1, 60)]
    [InlineData(2, 59)]
    [InlineData(2, 21601)]
    public async Task ReplaceFunctions_RetrySettingOutOfLambdaRange_ThrowsArgumentException(
        int maximumRetryAttempts,
        int maximumEventAgeSeconds)
    {
        await using var test = await TestCloud.StartAsync(Create("flaky", "echo"));
        var function = Create("flaky", "echo") with
        {
            MaximumRetryAttempts = maximumRetryAttempts,
            MaximumEventAge = TimeSpan.FromSeconds(maximumEventAgeSeconds),
        };

        var replace = () => test.Cloud.ReplaceFunctionsAsync([function], CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(replace);
    }

    private static Task<TestCloud> StartAsync(FakeTimeProvider clock, LocalFunction function) =>
        TestCloud.StartAsync([function], options => options with { TimeProvider = clock });

    private static async Task<string> SendEventAsync(TestCloud test, string functionName, string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/2015-03-31/functions/{functionName}/invocations")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Amz-Invocation-Type", "Event");

        using var response = await test.Client.SendAsync(request);
        Assert.Equal(202, (int)response.StatusCode);
        return response.Headers.GetValues("x-amzn-RequestId").Single();
    }

    // The retry's timer exists once this is logged, so a test may move the clock past it.
    private static Task<RecordingLoggerProvider.LogEntry> WaitForFailedAttemptAsync(TestCloud test, int attempt) =>
        test.Logs.WaitForAsync(entry => entry.EventId == AttemptFailed
            && entry.Message.Contains($"on attempt {attempt} of", StringComparison.Ordinal));

    private static int Count(TestCloud test, int eventId) =>
        test.Logs.Entries.Count(entry => entry.EventId == eventId);

    /// <summary>The attempt numbers the fixture printed for the request, once it printed all it should.</summary>
    private static async Task<List<int>> AttemptsOfAsync(TestCloud test, string requestId, int expected)
    {
        var lines = await test.Output.WaitForLinesAsync(
            line => line.StartsWith("attempt ", StringComparison.Ordinal)
                && line.EndsWith(requestId, StringComparison.Ordinal),
            expected);

        var printed = test.Output.Lines.Count(line => line.Contains("] attempt ", StringComparison.Ordinal));
        Assert.Equal(expected, printed);
        return [.. lines.Select(AttemptNumber).Order()];
    }

    private static int AttemptNumber(string line) =>
        int.Parse(line["attempt ".Length..line.IndexOf(':', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    private string FailTimes(int failures) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["behaviour"] = "fail-times",
            ["failures"] = failures,
            ["dir"] = _counters,
        }.ToJsonString();
}
