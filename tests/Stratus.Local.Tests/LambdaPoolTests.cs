using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>The Lambda side: process pools, cold and warm starts, timeouts, crashes, init errors, shutdown.</summary>
public sealed class LambdaPoolTests : IDisposable
{
    // Marker files of the slow-init runtime, which records there that its first process already held init.
    private readonly string _scratch = Directory.CreateTempSubdirectory("stratus-pool-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task Invoke_SecondRequest_ReusesWarmProcess()
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));

        var cold = await test.InvokeAsync("pid");
        var warm = await test.InvokeAsync("pid");

        Assert.True(cold.IsSuccess, cold.ErrorMessage);
        Assert.Equal(Json.Pid(cold), Json.Pid(warm));
        Assert.NotNull(cold.InitDuration);
        Assert.Null(warm.InitDuration);
        Assert.Equal([Json.Pid(cold)], test.Cloud.GetProcessIds("pid"));
    }

    [Theory]
    [InlineData(null, 6000)]
    [InlineData(3, 3000)]
    public async Task Invoke_EffectiveTimeout_SetsTheRemainingTimeTheFunctionSees(int? seconds, int expectedMs)
    {
        var function = Create("left", "remaining");
        function = seconds is { } s ? function with { Timeout = TimeSpan.FromSeconds(s) } : function;
        await using var test = await TestCloud.StartAsync(function);

        var result = await test.InvokeAsync("left");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var remaining = Json.Parse(result.Payload)["remainingMs"]!.GetValue<long>();
        Assert.InRange(remaining, expectedMs - 1000, expectedMs);
    }

    [Fact]
    public async Task Invoke_ManyConcurrentOnOneWarmProcess_EachLogHoldsOnlyItsOwnLines()
    {
        // The next event is often queued already when a runtime asks for it; a line the function wrote just
        // before answering may still be in its stdout pipe then, and must not move into the next log.
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var callers = new SemaphoreSlim(8);

        var results = await Task.WhenAll(Enumerable.Range(0, 600).Select(async _ =>
        {
            await callers.WaitAsync();
            try
            {
                return await test.InvokeAsync("echo");
            }
            finally
            {
                callers.Release();
            }
        }));

        Assert.All(results, result =>
        {
            var handled = result.Logs!.Split('\n')
                .Where(line => line.StartsWith("echo: handling ", StringComparison.Ordinal));
            Assert.Equal([$"echo: handling {result.RequestId}"], handled);
        });
    }

    [Fact]
    public async Task Invoke_AfterProcessKilledByHand_ColdStartsNewProcess()
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));
        var first = await test.InvokeAsync("pid");

        await Processes.KillAsync(Json.Pid(first));
        var second = await test.InvokeAsync("pid");

        Assert.True(second.IsSuccess, second.ErrorMessage);
        Assert.NotEqual(Json.Pid(first), Json.Pid(second));
        Assert.NotNull(second.InitDuration);
        Assert.Equal([Json.Pid(second)], test.Cloud.GetProcessIds("pid"));
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task IdleInstance_StoppedByAStopSignal_IsNoWarning(string signal, int exitCode)
    {
        // Ctrl+C in a terminal sends SIGINT to function processes too, before `dev` stops them itself.
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));
        var pid = Json.Pid(await test.InvokeAsync("pid"));

        using (var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var stopped = await test.Logs.WaitForAsync(entry => entry.EventId == 2032);
        Assert.Contains($"(exit code {exitCode})", stopped.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(test.Logs.Entries, entry => entry.EventId == 2012);
    }

    [Fact]
    public async Task IdleInstance_KilledOutright_IsAWarning()
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));
        var pid = Json.Pid(await test.InvokeAsync("pid"));

        await Processes.KillAsync(pid);

        var exited = await test.Logs.WaitForAsync(entry => entry.EventId == 2012);
        Assert.Contains("exited with code 137 outside an invocation", exited.Message, StringComparison.Ordinal);
    }

    // What an invocation wrote belongs to its log even when no newline ended it (Console.Write), not to the next one.
    [Fact]
    public async Task Invoke_OutputWithoutATrailingNewline_EndsUpInThatInvocationsLog()
    {
        await using var test = await TestCloud.StartAsync(Create("partial", "partial-line"));

        var first = await test.InvokeAsync("partial");
        var second = await test.InvokeAsync("partial");

        var lines = first.Logs!.Split('\n');
        var written = Array.FindIndex(lines, line => line == $"partial line of {first.RequestId}");
        Assert.True(written > 0, first.Logs);
        Assert.StartsWith("END RequestId: ", lines[written + 1], StringComparison.Ordinal);
        Assert.DoesNotContain(first.RequestId, second.Logs!.Replace(
            $"partial line of {second.RequestId}", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instance_ExitingAfterItsAnswerBeforeItsNextPoll_DeliversTheAnswerAndWarnsOfTheExit()
    {
        await using var test = await TestCloud.StartAsync(Create("quitter", "answer-then-exit"));

        var result = await test.InvokeAsync("quitter");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var exited = await test.Logs.WaitForAsync(entry => entry.EventId == 2012);
        Assert.Contains("exited with code 7 outside an invocation", exited.Message, StringComparison.Ordinal);
    }

    // Lambda's invocation lasts until the runtime asks for the next event, under the function's timeout
    // (docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html, "Invoke phase").
    [Fact]
    public async Task Runtime_LingeringAfterItsAnswer_IsBusySoTheNextCallRunsElsewhereAndTheTimeoutEndsIt()
    {
        var lingerer = Create("work", "identity") with { Timeout = TimeSpan.FromSeconds(2) };
        await using var test = await TestCloud.StartAsync(lingerer);

        var answered = await test.InvokeAsync("work", """{"behaviour":"answer-then-linger","ms":600000}""");
        var next = await test.InvokeAsync("work", """{"behaviour":"pid"}""");
        var ended = await test.Logs.WaitForAsync(entry => entry.EventId == 2037);

        Assert.True(answered.IsSuccess, answered.ErrorMessage);
        Assert.True(next.IsSuccess, next.ErrorMessage);
        var lingeringPid = Json.Pid(answered);
        Assert.NotEqual(lingeringPid, Json.Pid(next));
        Assert.Contains(
            "did not ask for the next event within the timeout of 2 s", ended.Message, StringComparison.Ordinal);
        await Processes.WaitUntilEndedAsync(lingeringPid, TimeSpan.FromSeconds(30));
    }

    // At reservedConcurrency the lingering environment is the only one, and Lambda throttles a call that finds it
    // busy. The gateway answers at once, so the second request comes while the first runtime is still closing.
    [Fact]
    public async Task Runtime_LingeringAfterItsAnswerAtTheCap_ThrottlesTheRequestThatWaitedOnIt()
    {
        var lingerer = Create("work", "identity", Http("GET", "/work")) with
        {
            ReservedConcurrency = 1,
            Timeout = TimeSpan.FromSeconds(5),
        };
        await using var test = await TestCloud.StartAsync(lingerer);

        using var answered = await test.Client.GetAsync("/work?behaviour=answer-then-linger&ms=600000");
        using var next = await test.Client.GetAsync("/work?behaviour=pid");

        Assert.Equal(200, (int)answered.StatusCode);
        Assert.Equal(500, (int)next.StatusCode);
        Assert.Contains(
            test.Logs.Entries, entry => entry.Message.Contains("TooManyRequestsException", StringComparison.Ordinal));
    }

    // Under `invoke local` the log stays open until the runtime's next poll (LogsUntilNextEvent): Lambda's runtime
    // "indicates completion by sending a Next API request", and counts the time till then in the invocation.
    [Fact]
    public async Task Invoke_LogsUntilNextEvent_LineWrittenAfterTheAnswerComesBeforeEndAndCountsInDuration()
    {
        await using var test = await TestCloud.StartAsync(
            [Create("work", "identity")], options => options with { LogsUntilNextEvent = true });

        var result = await test.InvokeAsync("work", """{"behaviour":"answer-then-linger","ms":700}""");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var logs = result.Logs ?? "";
        var after = logs.IndexOf($"after answer: {result.RequestId}", StringComparison.Ordinal);
        Assert.InRange(after, 0, logs.IndexOf("END RequestId: ", StringComparison.Ordinal));
        Assert.True(result.Duration >= TimeSpan.FromMilliseconds(700), logs);
    }

    [Fact]
    public async Task Invoke_LogsUntilNextEventAndTheRuntimeNeverPolls_EndsAtTheFunctionTimeout()
    {
        var lingerer = Create("work", "identity") with { Timeout = TimeSpan.FromSeconds(2) };
        await using var test = await TestCloud.StartAsync(
            [lingerer], options => options with { LogsUntilNextEvent = true });

        var result = await test.InvokeAsync("work", """{"behaviour":"answer-then-linger","ms":600000}""");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.Contains("END RequestId: ", result.Logs, StringComparison.Ordinal);
    }

    // `dev` answers at once and closes the log a short grace (250 ms) after the answer: a runtime busy for longer
    // keeps its instance (the tests above), and its later lines reach only the console.
    [Fact]
    public async Task Invoke_Dev_LogClosesAfterItsGraceWithTheDurationAtTheAnswer()
    {
        await using var test = await TestCloud.StartAsync(Create("work", "identity"));

        var result = await test.InvokeAsync("work", """{"behaviour":"answer-then-linger","ms":2000}""");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        Assert.DoesNotContain("after answer: ", result.Logs, StringComparison.Ordinal);
        Assert.True(result.Duration < TimeSpan.FromMilliseconds(2000), result.Logs);
    }

    [Fact]
    public async Task Runtime_LingeringBrieflyAfterItsAnswer_IsReusedOnceItAsksForTheNextEvent()
    {
        await using var test = await TestCloud.StartAsync(Create("work", "identity") with { ReservedConcurrency = 1 });

        var answered = await test.InvokeAsync("work", """{"behaviour":"answer-then-linger","ms":100}""");
        var next = await test.InvokeAsync("work", """{"behaviour":"pid"}""");

        Assert.True(next.IsSuccess, next.ErrorMessage);
        Assert.Equal(Json.Pid(answered), Json.Pid(next));
    }

    // The gateway's one warning names the phase; a separate "failed to initialize" line would repeat it.
    [Fact]
    public async Task HttpApi_FunctionFailingItsInit_IsOneWarningThatSaysDuringInit()
    {
        await using var test = await TestCloud.StartAsync(Create("broken", "init-error", Http("GET", "/broken")));

        using var response = await test.Client.GetAsync("/broken");

        Assert.Equal(500, (int)response.StatusCode);
        var warning = Assert.Single(test.Logs.Entries, entry => entry.Level >= LogLevel.Warning);
        Assert.Equal(2102, warning.EventId);
        Assert.Contains(
            "broken failed for GET /broken: TestRuntime.InitError during init: init failed on purpose",
            warning.Message,
            StringComparison.Ordinal);
    }

    // A console sink batches lines (dev's writes every 10 ms); the crash must not be reported before the lines
    // the function wrote on its way down.
    [Fact]
    public async Task HttpApi_FunctionExitingMidInvocation_HasItsLastLinesFlushedBeforeTheFailureIsReported()
    {
        var sink = new HoldingSink();
        await using var test = await TestCloud.StartAsync(
            [Create("crash", "crash", Http("GET", "/crash"))],
            options => options with { Output = sink });

        using var response = await test.Client.GetAsync("/crash");
        await test.Logs.WaitForAsync(entry => entry.EventId == 2102);

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Contains(sink.Flushed, line => line.Contains("crash: exiting mid-invocation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HttpApi_FunctionRunsPastTimeout_KillsProcessAndNextRequestGetsNewOne()
    {
        var slow = Create("slow", "sleep", Http("GET", "/slow")) with { Timeout = TimeSpan.FromSeconds(3) };
        await using var test = await TestCloud.StartAsync(slow);

        using var timedOut = await test.Client.GetAsync("/slow");
        var sleeping = await test.Output.WaitForLineAsync(line => line.StartsWith("sleep:", StringComparison.Ordinal));
        using var next = await test.Client.GetAsync("/slow?behaviour=pid");

        Assert.Equal(500, (int)timedOut.StatusCode);
        Assert.Equal("""{"message":"Internal Server Error"}""", await timedOut.Content.ReadAsStringAsync());
        var failure = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2102);
        Assert.Contains("Sandbox.Timedout", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Task timed out after 3.00 seconds", failure.Message, StringComparison.Ordinal);
        var words = sleeping.Split(' ');
        var remainingMs = long.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture);
        // About 3000 ms; the lower bound leaves room for a loaded machine between delivery and the log line.
        Assert.InRange(remainingMs, 2000, 3000);
        var timedOutPid = int.Parse(words[4], System.Globalization.CultureInfo.InvariantCulture);
        await Processes.WaitUntilGoneAsync(timedOutPid, TimeSpan.FromSeconds(10));
        Assert.Equal(200, (int)next.StatusCode);
        Assert.NotEqual(timedOutPid, (await Json.ReadAsync(next))["pid"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invoke_FunctionRunsPastTimeout_ReportsTimedOutErrorAndItsPeakMemory()
    {
        var slow = Create("slow", "sleep") with { Timeout = TimeSpan.FromSeconds(1) };
        await using var test = await TestCloud.StartAsync(slow);

        var result = await test.InvokeAsync("slow");

        Assert.Equal(FunctionErrorKind.Timeout, result.Error);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Equal($"RequestId: {result.RequestId} Error: Task timed out after 1.00 seconds", result.ErrorMessage);
        Assert.Equal("Sandbox.Timedout", Json.Parse(result.Payload)["errorType"]!.GetValue<string>());
        Assert.Contains("sleep: remaining-ms", result.Logs, StringComparison.Ordinal);
        Assert.Contains("Task timed out after 1.00 seconds", result.Logs, StringComparison.Ordinal);
        // Lambda's REPORT after a timeout still gives the peak, which the emulator reads before its kill.
        Assert.Matches(@"\nREPORT RequestId: \S+\tDuration: .*\tMax Memory Used: [1-9]\d* MB\t", result.Logs);
    }

    [Fact]
    public async Task Invoke_ProcessExitsMidInvocation_FailsWithRuntimeExitError()
    {
        await using var test = await TestCloud.StartAsync(Create("crash", "crash"));

        var result = await test.InvokeAsync("crash");

        Assert.Equal(FunctionErrorKind.RuntimeExit, result.Error);
        Assert.Equal("Runtime.ExitError", result.ErrorType);
        Assert.Equal(
            $"RequestId: {result.RequestId} Error: Runtime exited with error: exit status 1", result.ErrorMessage);
        var payload = Json.Parse(result.Payload);
        Assert.Equal("Runtime.ExitError", payload["errorType"]!.GetValue<string>());
        Assert.Contains("crash: exiting mid-invocation", result.Logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_RuntimeReportsInitError_FailsAndNextInvocationRetriesInit()
    {
        await using var test = await TestCloud.StartAsync(Create("broken", "init-error"));

        var first = await test.InvokeAsync("broken");
        var second = await test.InvokeAsync("broken");

        Assert.Equal(FunctionErrorKind.InitError, first.Error);
        Assert.Equal("TestRuntime.InitError", first.ErrorType);
        Assert.Equal("init failed on purpose for handler 'init-error'", first.ErrorMessage);
        Assert.Equal("TestRuntime.InitError", Json.Parse(first.Payload)["errorType"]!.GetValue<string>());
        Assert.Equal(FunctionErrorKind.InitError, second.Error);
        var starts = await test.Output.WaitForLinesAsync(
            line => line.StartsWith("init: handler", StringComparison.Ordinal), 2);
        Assert.NotEqual(starts[0], starts[1]);
    }

    [Fact]
    public async Task Invoke_InitPastTenSeconds_IsRetriedInANewProcessInsideTheInvocation()
    {
        // AWS: "If all three tasks do not complete within 10 seconds, Lambda retries the Init phase at the time
        // of the first function invocation with the configured function timeout." (Lambda execution environment)
        // The timed-out init is reported in an INIT_REPORT line ("Failures during the Init phase"); the re-run
        // (suppressed) init belongs to the invocation's Duration, so its REPORT has no Init Duration.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var test = await TestCloud.StartAsync(
            [SlowInit(_scratch, holdAlways: false)],
            options => options with { TimeProvider = clock });

        var pending = test.InvokeAsync("slow");
        var held = await test.Output.WaitForLineAsync(line => line.StartsWith("slow-init:", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromSeconds(10));
        var result = await pending;

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var heldPid = int.Parse(held.Split(' ')[^1], CultureInfo.InvariantCulture);
        Assert.NotEqual(heldPid, Json.Pid(result));
        Assert.Null(result.InitDuration);
        Assert.Contains("INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout\n", result.Logs);
        Assert.DoesNotContain("\tInit Duration:", result.Logs, StringComparison.Ordinal);
        await Processes.WaitUntilGoneAsync(heldPid, TimeSpan.FromSeconds(10));
        var retried = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2020);
        Assert.Contains(heldPid.ToString(CultureInfo.InvariantCulture), retried.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_RetriedInitAlsoSlow_TimesOutAsTheInvocationWithBothInitReportsBeforeStart()
    {
        // The retried (suppressed) init runs inside the invocation, under its timeout: its end is the invocation's
        // timeout. Lambda writes its INIT_REPORT "Phase: invoke Status: timeout" ("Failures during the Init phase"),
        // then the invocation's timestamped "Task timed out" line, as for any timeout, and the caller gets
        // Sandbox.Timedout as a timeout, not as an init error. Every init's lines come before START: Lambda writes
        // START once a suppressed init is done (the lifecycle page's example of one has START 2.5 s before a REPORT
        // whose Duration is 3.02 s). This test expected the re-run after START, and an init error, before.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var test = await TestCloud.StartAsync(
            [SlowInit(_scratch, holdAlways: true)],
            options => options with { TimeProvider = clock });

        var pending = test.InvokeAsync("slow");
        await test.Output.WaitForLineAsync(line => line.StartsWith("slow-init:", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromSeconds(10));
        await test.Output.WaitForLinesAsync(line => line.StartsWith("slow-init:", StringComparison.Ordinal), 2);
        clock.Advance(TimeSpan.FromSeconds(3));
        var result = await pending;

        Assert.Equal(FunctionErrorKind.Timeout, result.Error);
        Assert.Equal("Sandbox.Timedout", result.ErrorType);
        Assert.Equal(TimeSpan.FromSeconds(3), result.Duration);
        Assert.Equal($"RequestId: {result.RequestId} Error: Task timed out after 3.00 seconds", result.ErrorMessage);
        Assert.Contains("INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout\n", result.Logs);
        Assert.Contains("INIT_REPORT Init Duration: 3000.00 ms\tPhase: invoke\tStatus: timeout\n", result.Logs);
        Assert.DoesNotContain("\nSandbox.Timedout\n", result.Logs, StringComparison.Ordinal);

        var lines = result.Logs!.Split('\n').ToList();
        var holds = lines.Select((line, index) => (line, index))
            .Where(entry => entry.line.StartsWith("slow-init: holding pid", StringComparison.Ordinal))
            .Select(entry => entry.index)
            .ToList();
        int IndexOf(string text) => lines.FindIndex(line => line.Contains(text, StringComparison.Ordinal));
        var timeoutLine = $@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z {Regex.Escape(result.ErrorMessage!)}$";
        var timedOut = lines.FindIndex(line => Regex.IsMatch(line, timeoutLine));
        int[] order =
        [
            holds[0], IndexOf("Phase: init"), holds[^1], IndexOf("Phase: invoke"), IndexOf("START RequestId"),
            timedOut, IndexOf("END RequestId"),
        ];
        Assert.Equal(2, holds.Count);
        Assert.True(timedOut >= 0, result.Logs);
        Assert.True(order.SequenceEqual(order.Order()), result.Logs);
    }

    [Fact]
    public async Task Invoke_ProcessExitsBeforeAskingForWork_FailsWithInitExitError()
    {
        await using var test = await TestCloud.StartAsync(Create("quitter", "init-exit"));

        var result = await test.InvokeAsync("quitter");

        Assert.Equal(FunctionErrorKind.InitError, result.Error);
        Assert.Equal("Runtime.ExitError", result.ErrorType);
        Assert.Matches(
            @"INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError\n",
            result.Logs);
        Assert.Equal(
            $"RequestId: {result.RequestId} Error: Runtime exited with error: exit status 2", result.ErrorMessage);
    }

    [Fact]
    public async Task Invoke_ExecutableMissing_FailsWithInvalidEntrypoint()
    {
        var missing = Create("missing", "pid") with { ExecutablePath = "./no-such-bootstrap", Arguments = [] };
        await using var test = await TestCloud.StartAsync(missing);

        var result = await test.InvokeAsync("missing");

        Assert.Equal(FunctionErrorKind.InitError, result.Error);
        Assert.Equal("Runtime.InvalidEntrypoint", result.ErrorType);
        Assert.Contains("no-such-bootstrap", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(test.Cloud.GetProcessIds("missing"));
    }

    [Fact]
    public async Task Invoke_ResponseOver6Mb_FailsWithResponseSizeTooLarge()
    {
        await using var test = await TestCloud.StartAsync(Create("big", "big"));

        var result = await test.InvokeAsync("big");
        var rejected = await test.Output.WaitForLineAsync(
            line => line.StartsWith("response rejected", StringComparison.Ordinal));

        Assert.Equal(FunctionErrorKind.ResponseTooLarge, result.Error);
        Assert.Equal("Function.ResponseSizeTooLarge", result.ErrorType);
        Assert.Equal(
            "Response payload size exceeded maximum allowed payload size (6291556 bytes).", result.ErrorMessage);
        Assert.StartsWith("response rejected: 413", rejected, StringComparison.Ordinal);
        Assert.Contains("RequestEntityTooLarge", rejected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpApi_TwentyConcurrentWithReservedConcurrencyTwo_NeverRunsMoreThanTwoAndThrottlesRestAs500()
    {
        var worker = Create("work", "slow-pid", Http("GET", "/work")) with { ReservedConcurrency = 2 };
        await using var test = await TestCloud.StartAsync(worker);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => test.Client.GetAsync("/work")));

        // API Gateway turns Lambda's 429 into its own 500: AWS knowledge center "api-gateway-internal-server-error".
        var served = responses.Where(response => (int)response.StatusCode == 200).ToList();
        var throttled = responses.Where(response => (int)response.StatusCode == 500).ToList();
        Assert.Equal(20, served.Count + throttled.Count);
        Assert.InRange(served.Count, 2, 18);
        Assert.NotEmpty(throttled);
        Assert.Equal("""{"message":"Internal Server Error"}""", await throttled[0].Content.ReadAsStringAsync());
        var pids = new HashSet<int>();
        foreach (var response in served)
        {
            pids.Add((await Json.ReadAsync(response))["pid"]!.GetValue<int>());
        }

        Assert.InRange(pids.Count, 1, 2);
        Assert.InRange(test.Cloud.PeakInstances("work"), 1, 2);
        Assert.Contains(
            test.Logs.Entries,
            entry => entry.Message.Contains("TooManyRequestsException", StringComparison.Ordinal));
        responses.ToList().ForEach(response => response.Dispose());
    }

    [Fact]
    public async Task HttpApi_SequentialRequestsWithReservedConcurrencyOne_AllServedByOneWarmProcess()
    {
        // The gateway answers as soon as the function posts its response, before the runtime asks for its next
        // event; a caller that asks again at once must wait those microseconds, not be throttled or cold-start.
        var worker = Create("work", "pid", Http("GET", "/work")) with { ReservedConcurrency = 1 };
        await using var test = await TestCloud.StartAsync(worker);

        var pids = new List<int>();
        for (var request = 0; request < 30; request++)
        {
            using var response = await test.Client.GetAsync("/work");
            Assert.Equal(200, (int)response.StatusCode);
            pids.Add((await Json.ReadAsync(response))["pid"]!.GetValue<int>());
        }

        Assert.Single(pids.Distinct());
        Assert.Equal(1, test.Cloud.PeakInstances("work"));
    }

    [Fact]
    public async Task RestApi_ThrottledFunction_Answers500InternalServerError()
    {
        var off = Create("off", "pid", Rest("GET", "/off")) with { ReservedConcurrency = 0 };
        await using var test = await TestCloud.StartAsync(off);

        using var response = await test.Client.GetAsync("/dev/off");

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("""{"message": "Internal server error"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InvokeApi_ConcurrentOverReservedConcurrency_Answers429TooManyRequests()
    {
        var worker = Create("work", "slow-pid") with { ReservedConcurrency = 2 };
        await using var test = await TestCloud.StartAsync(worker);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(
                HttpMethod.Post,
                "/2015-03-31/functions/svc-dev-work/invocations")
            {
                Content = new StringContent("{}"),
            };
            return await test.Client.SendAsync(request);
        }));

        var throttled = responses.Where(response => (int)response.StatusCode == 429).ToList();
        Assert.NotEmpty(throttled);
        Assert.Equal(10, throttled.Count + responses.Count(response => (int)response.StatusCode == 200));
        Assert.Equal("TooManyRequestsException", throttled[0].Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Contains("Rate Exceeded.", await throttled[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.InRange(test.Cloud.PeakInstances("work"), 1, 2);
        responses.ToList().ForEach(response => response.Dispose());
    }

    [Fact]
    public async Task Invoke_ReservedConcurrencyZero_IsThrottled()
    {
        var disabled = Create("off", "pid") with { ReservedConcurrency = 0 };
        await using var test = await TestCloud.StartAsync(disabled);

        var result = await test.InvokeAsync("off");

        Assert.Equal(FunctionErrorKind.Throttled, result.Error);
        Assert.Equal("TooManyRequestsException", result.ErrorType);
        Assert.Empty(test.Cloud.GetProcessIds("off"));
    }

    [Fact]
    public async Task Invoke_IdleLongerThanIdleTimeout_StopsProcess()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await using var test = await TestCloud.StartAsync(
            [Create("pid", "pid")],
            options => options with { TimeProvider = clock, IdleTimeout = TimeSpan.FromMinutes(5) });
        var first = await test.InvokeAsync("pid");

        clock.Advance(TimeSpan.FromMinutes(4));
        var stillWarm = await test.InvokeAsync("pid");
        clock.Advance(TimeSpan.FromMinutes(6));
        await Processes.WaitUntilGoneAsync(Json.Pid(first), TimeSpan.FromSeconds(10));
        var afterIdle = await test.InvokeAsync("pid");

        Assert.Equal(Json.Pid(first), Json.Pid(stillWarm));
        Assert.NotEqual(Json.Pid(first), Json.Pid(afterIdle));
        Assert.NotNull(afterIdle.InitDuration);
    }

    [Fact]
    public async Task Dispose_WithWarmAndBusyInstances_EndsEveryProcess()
    {
        var test = await TestCloud.StartAsync(Create("work", "slow-pid"), Create("hang", "sleep"));
        var warm = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => test.InvokeAsync("work")));
        var hanging = test.InvokeAsync("hang");
        await test.Output.WaitForLineAsync(line => line.StartsWith("sleep:", StringComparison.Ordinal));
        var pids = test.Cloud.GetProcessIds("work").Concat(test.Cloud.GetProcessIds("hang")).ToList();

        await test.DisposeAsync();

        Assert.Equal(warm.Select(Json.Pid).Distinct().Count() + 1, pids.Count);
        Assert.All(pids, pid => Assert.False(Processes.IsRunning(pid), $"process {pid} survived disposal"));
        Assert.Equal(FunctionErrorKind.RuntimeExit, (await hanging).Error);
    }

    [Fact]
    public async Task Output_LinesOfSeveralFunctions_ReachSinkOneAtATime()
    {
        await using var test = await TestCloud.StartAsync(Create("a", "echo"), Create("b", "echo"));

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => test.InvokeAsync(i % 2 == 0 ? "a" : "b")));

        Assert.False(test.Output.SawOverlappingCalls);
        Assert.Equal(5, test.Output.Lines.Count(line => line.StartsWith("[a] echo: ", StringComparison.Ordinal)));
        Assert.Equal(5, test.Output.Lines.Count(line => line.StartsWith("[b] echo: ", StringComparison.Ordinal)));
    }

    /// <summary>Holds every line until it is flushed, as a console that writes in batches does.</summary>
    private sealed class HoldingSink : IFunctionOutputSink
    {
        private readonly Lock _gate = new();
        private readonly List<string> _held = [];
        private readonly List<string> _flushed = [];

        public IReadOnlyList<string> Flushed
        {
            get
            {
                lock (_gate)
                {
                    return [.. _flushed];
                }
            }
        }

        public void WriteLine(string functionKey, FunctionOutputStream stream, string line)
        {
            lock (_gate)
            {
                _held.Add(line);
            }
        }

        public void Flush()
        {
            lock (_gate)
            {
                _flushed.AddRange(_held);
                _held.Clear();
            }
        }
    }
}
