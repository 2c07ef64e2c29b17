using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>`stratus invoke local` runs one function through the Runtime API and prints its result.</summary>
[Collection(UsersServiceGroup.Name)]
public sealed class InvokeLocalTests
{
    private static readonly string Config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

    [Fact]
    public async Task InvokeLocal_Status_PrintsTheStatusResponse()
    {
        var run = await CliRun.RunAsync("invoke", "local", "-f", "status", "--config", Config);

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(run.Out);
        Assert.Equal(200, result.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Contains("1.0.0", result.RootElement.GetProperty("body").GetString(), StringComparison.Ordinal);

        // Lambda's REPORT line goes to stderr, as `sam local invoke` shows it; a cold start has its Init Duration.
        Assert.Matches(
            @"REPORT RequestId: [0-9a-f-]{36}\tDuration: [0-9.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB" +
            @"\tMax Memory Used: \d+ MB\tInit Duration: [0-9.]+ ms",
            run.Error);
    }

    [Fact]
    public async Task InvokeLocal_EventOfTheWrongShape_ExitsNonZeroWithTheFunctionError()
    {
        var run = await CliRun.RunAsync("invoke", "local", "-f", "status", "--data", "[1, 2, 3]", "--config", Config);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: function 'status' failed", run.Error, StringComparison.Ordinal);
    }

    // Lambda would refuse the deploy (package refuses it, STR3029); locally the function still runs.
    [Fact]
    public async Task InvokeLocal_EnvironmentOverFourKilobytes_WarnsAndRuns()
    {
        var settings = $"environment:\n  LARGE: {new string('x', 4200)}\n";
        using var service = ShellService.Write(ShellBootstrapArtifact.Write, settings: settings);

        var run = await CliRun.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"serverless\.yml:11:5: warning STR3029: function 'shell' has environment variables", run.Error);
    }

    // As under dev: a misspelt setting must not vanish, least of all one that changes how the function runs.
    [Fact]
    public async Task InvokeLocal_MisspeltFunctionOrScheduleSetting_WarnsWithItsLocationAndRuns()
    {
        const string Settings = "timout: 30\nevents:\n  - schedule:\n      rate: rate(1 minute)\n      enable: false\n";
        using var service = ShellService.Write(ShellBootstrapArtifact.Write, settings: Settings);

        var run = await CliRun.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(
            @"serverless\.yml:11:5: warning STR1303: 'timout' is not a setting of function 'shell'", run.Error);
        Assert.Contains("fix: did you mean 'timeout'?", run.Error, StringComparison.Ordinal);
        Assert.Matches(
            @"serverless\.yml:15:11: warning STR1303: 'enable' is not a setting of a schedule event", run.Error);
        Assert.Contains("fix: did you mean 'enabled'?", run.Error, StringComparison.Ordinal);
    }

    // Lambda returns a failed invocation's whole error payload; invoke local prints it as it came.
    [Fact]
    public async Task InvokeLocal_FunctionFails_PrintsTheWholeErrorPayloadWithItsStackTrace()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteFailing);

        var run = await CliRun.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal(1, run.ExitCode);
        using var error = JsonDocument.Parse(run.Out);
        Assert.Equal("Shell.Failure", error.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("boom", error.RootElement.GetProperty("errorMessage").GetString());
        Assert.Equal(
            ["at step (bootstrap:9)", "at main (bootstrap:2)"],
            error.RootElement.GetProperty("stackTrace").EnumerateArray().Select(line => line.GetString()));

        // The summary names the error as the payload does (what the caller sees), not by Lambda's own Error Type,
        // which for a type outside Runtime.X/Function.X is Runtime.Unknown and appears in no REPORT of a handler error.
        Assert.Contains(
            "error: function 'shell' failed (Unhandled): Shell.Failure: boom", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeLocal_ErrorMessageOverLinesWithEscapes_EndsWithOneEscapedSummaryLine()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteFailingMultiLine);

        var run = await CliRun.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            "error: function 'shell' failed (Unhandled): Shell.Failure: first\\nsecond \\u001b[31mred",
            run.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Error, StringComparison.Ordinal);
    }

    // The command prints the outcome (the payload on stdout, one summary line on stderr); the emulator's own
    // warning and its start and stop lines would repeat it. Lambda's REPORT line goes to stderr too, ending in the
    // Status of a failure that resets the environment, as AWS's lifecycle page shows it ("Failures during the
    // invoke phase", https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
    // The summary and the REPORT give Lambda's Error Type, which it takes from the runtime's
    // Lambda-Runtime-Function-Error-Type header only, and only when it reads "Runtime.X" or "Function.X":
    // 'Shell.InitFailure' is Runtime.Unknown there (this row expected Shell.InitFailure before), while the payload
    // keeps the errorType the runtime wrote.
    [Theory]
    [InlineData(
        "init", "InitError", "Shell.InitFailure", "Runtime.Unknown", "Status: error\tError Type: Runtime.Unknown")]
    [InlineData("timeout", "Timeout", "Sandbox.Timedout", "Sandbox.Timedout", "Status: timeout")]
    public async Task InvokeLocal_FunctionFails_ShowsTheFailureOnceAsPayloadAndSummaryAndReportsItsStatus(
        string failure, string kind, string payloadType, string errorType, string status)
    {
        using var service = failure == "init"
            ? ShellService.Write(ShellBootstrapArtifact.WriteInitFailing)
            : ShellService.Write(ShellBootstrapArtifact.WriteSleeping, timeout: 1);

        var run = await CliProcess.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal(1, run.ExitCode);
        using var error = JsonDocument.Parse(run.Out);
        Assert.Equal(payloadType, error.RootElement.GetProperty("errorType").GetString());
        var summary = $"error: function 'shell' failed ({kind}): {errorType}";
        Assert.Contains(summary, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Stratus.Local[", run.Error, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^REPORT RequestId: [0-9a-f-]{{36}}\tDuration: .*\t{status}\r?$", run.Error);
        if (failure == "init")
        {
            // The failed init's own line ("Failures during the Init phase"), before the REPORT, as the Tail log has it.
            var initReport = Regex.Match(
                run.Error, $@"(?m)^INIT_REPORT Init Duration: [0-9.]+ ms\tPhase: init\t{status}\r?$");
            Assert.True(initReport.Success, run.Error);
            Assert.True(initReport.Index < run.Error.IndexOf("REPORT RequestId:", StringComparison.Ordinal));
        }
    }

    // `sam local invoke` prints the invocation's log as CloudWatch has it: START, the handler's lines, then Lambda's
    // closing lines (a timeout's "Task timed out after N.NN seconds"), END and REPORT, in that order.
    [Fact]
    public async Task InvokeLocal_Answered_PrintsStartTheHandlersLinesEndAndReportInTheLogsOrder()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteAnswerThenFinish);

        var run = await CliProcess.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal(0, run.ExitCode);
        AssertInLogOrder(
            run.Error,
            @"^START RequestId: (?<id>[0-9a-f-]{36}) Version: \$LATEST$",
            @"^\[shell\] cleaned up after \k<id>$",
            @"^END RequestId: \k<id>$",
            @"^REPORT RequestId: \k<id>\tDuration: ");
    }

    [Fact]
    public async Task InvokeLocal_TimedOut_PrintsTheTimeoutLineBeforeEndAndReport()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteSleeping, timeout: 1);

        var run = await CliProcess.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal(1, run.ExitCode);
        AssertInLogOrder(
            run.Error,
            @"^START RequestId: (?<id>[0-9a-f-]{36}) Version: \$LATEST$",
            @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z RequestId: \k<id> Error: Task timed out after 1\.00 seconds$",
            @"^END RequestId: \k<id>$",
            @"^REPORT RequestId: \k<id>\t.*\tStatus: timeout$");
    }

    // An event that never reached the runtime (its init failed, on the first try and on the retry) still has its
    // START line, once, where the log has it: after the inits' lines and reports, before the error, END and REPORT.
    [Fact]
    public async Task InvokeLocal_InitFails_PrintsStartOnceAfterTheInitReportsAndBeforeEndAndReport()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteInitFailing);

        var run = await CliProcess.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal(1, run.ExitCode);
        AssertInLogOrder(
            run.Error,
            @"^INIT_REPORT Init Duration: [0-9.]+ ms\tPhase: init\tStatus: error",
            @"^START RequestId: (?<id>[0-9a-f-]{36}) Version: \$LATEST$",
            @"^END RequestId: \k<id>$",
            @"^REPORT RequestId: \k<id>\t.*\tStatus: error");
        Assert.Single(Regex.Matches(run.Error, "(?m)^START RequestId: "));
    }

    // Each pattern matches a line after the one the pattern before matched; (?<id>...) in the first is what
    // \k<id> in the others must repeat.
    private static void AssertInLogOrder(string output, params string[] patterns)
    {
        var lines = output.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        var id = "";
        var next = 0;
        foreach (var pattern in patterns)
        {
            var resolved = pattern.Replace(@"\k<id>", Regex.Escape(id), StringComparison.Ordinal);
            var found = Array.FindIndex(lines, next, line => Regex.IsMatch(line, resolved));
            Assert.True(found >= 0, $"No line matching '{pattern}' after line {next}:\n{output}");
            id = id.Length > 0 ? id : Regex.Match(lines[found], resolved).Groups["id"].Value;
            next = found + 1;
        }
    }

    // An init past Lambda's 10 s is retried inside the invocation, under its timeout ("Init phase" on AWS's lifecycle
    // page); when the retry runs out of that time too, the invocation times out ("Phase: invoke Status: timeout" in
    // its INIT_REPORT, "Failures during the Init phase"). Each INIT_REPORT comes where the log has it: after the
    // init it reports on, before the next init's lines, and all before the REPORT. This test takes about 11 s.
    [Fact]
    public async Task InvokeLocal_RetriedInitTimesOut_FailsAsATimeoutWithEachInitReportInItsPlace()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteInitHolding, timeout: 1);

        var run = await CliProcess.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(
            "error: function 'shell' failed (Timeout): Sandbox.Timedout: RequestId: ",
            run.Error,
            StringComparison.Ordinal);
        Assert.Contains("Error: Task timed out after 1.00 seconds", run.Error, StringComparison.Ordinal);
        var lines = run.Error.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        int IndexOf(string pattern) => lines.FindIndex(line => Regex.IsMatch(line, pattern));
        int[] order =
        [
            IndexOf(@"^\[shell\] init: holding in pid \d+$"),
            IndexOf(@"^INIT_REPORT Init Duration: [0-9.]+ ms\tPhase: init\tStatus: timeout$"),
            lines.FindLastIndex(line => line.StartsWith("[shell] init: holding in pid", StringComparison.Ordinal)),
            IndexOf(@"^INIT_REPORT Init Duration: [0-9.]+ ms\tPhase: invoke\tStatus: timeout$"),
            IndexOf(@"^REPORT RequestId: .*\tStatus: timeout$"),
        ];
        Assert.True(order.All(index => index >= 0) && order.SequenceEqual(order.Order().Distinct()), run.Error);
    }

    // Lambda asks only that an event be valid JSON, however deeply it nests (Payload in
    // https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html).
    [Fact]
    public async Task InvokeLocal_DataNestedPast64Levels_IsInvokedAndEchoedBack()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);
        var deep = new string('[', 1000) + "\"deep\"" + new string(']', 1000);
        var eventFile = Path.Combine(service.Folder, "deep.json");
        await File.WriteAllTextAsync(eventFile, deep);

        var inline = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "--data", deep, "--config", service.Config);
        var fromFile = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "--path", eventFile, "--config", service.Config);

        Assert.Equal(0, inline.ExitCode);
        Assert.Equal(deep, inline.Out.Trim());
        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(deep, fromFile.Out.Trim());
    }

    // The framework's invoke reads --path relative to the service folder, as JSON or, by its name, YAML
    // (lib/plugins/invoke.js); the test runs from the test's own folder, not the service's.
    [Fact]
    public async Task InvokeLocal_YamlPathRelativeToTheServiceFolder_IsTheEventFromAnotherFolder()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);
        Directory.CreateDirectory(Path.Combine(service.Folder, "events"));
        await File.WriteAllTextAsync(
            Path.Combine(service.Folder, "events", "order.yml"), "id: 42\nitems: [a, b]\n");

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "--path", "events/order.yml", "--config", service.Config);

        Assert.Equal((0, """{"id":42,"items":["a","b"]}"""), (run.ExitCode, Minified(run.Out)));
    }

    [Fact]
    public async Task InvokeLocal_PathFoundNowhere_ReportsStr4004WithTheFullPathBeforeBuilding()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "--path", "events/none.json", "--config", service.Config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STR4004", run.Error, StringComparison.Ordinal);
        var expected = Path.Combine(service.Folder, "events", "none.json");
        Assert.Contains($"'{expected}' (in the service folder)", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Building", run.Error, StringComparison.Ordinal);
    }

    // The framework's invoke local: --env sets a variable over the function's own for this run, --context is the
    // client context, and --data that does not parse as JSON is passed as a string (lib/plugins/invoke.js).
    [Fact]
    public async Task InvokeLocal_EnvAndContext_ReachTheFunctionOverItsOwnEnvironment()
    {
        using var service = ShellService.Write(
            ShellBootstrapArtifact.WriteContextAndEnvironment,
            settings: "environment:\n  GREETING: from-yml\n  KEPT: kept\n");

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "-e", "GREETING=from=cli", "--context", """{"custom":{"k":"é"}}""",
            "--config", service.Config);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            Minified("""{"context":{"custom":{"k":"é"}},"greeting":"from=cli","kept":"kept"}"""),
            Minified(run.Out));
    }

    [Fact]
    public async Task InvokeLocal_ContextPathYamlRelativeToTheServiceFolder_IsTheClientContext()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteContextAndEnvironment);
        await File.WriteAllTextAsync(Path.Combine(service.Folder, "context.yml"), "custom:\n  tenant: a\n");

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "-x", "context.yml", "--config", service.Config);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"context":{"custom":{"tenant":"a"}},"greeting":"","kept":""}""", Minified(run.Out));
    }

    [Theory]
    [InlineData("hello", "\"hello\"")]
    [InlineData("1 2", "\"1 2\"")]
    public async Task InvokeLocal_DataThatIsNotJson_IsPassedAsAJsonString(string data, string expected)
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);

        var run = await CliRun.RunAsync("invoke", "local", "-f", "shell", "--data", data, "--config", service.Config);

        Assert.Equal((0, expected), (run.ExitCode, run.Out.Trim()));
    }

    // Lambda: "The runtime and each extension indicate completion by sending a Next API request" (execution
    // environment lifecycle); a line written after the answer belongs to the invocation, and its time to Duration.
    [Fact]
    public async Task InvokeLocal_RuntimeWorkingAfterItsAnswer_PrintsItsLinesBeforeReportAndCountsThemInDuration()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteAnswerThenFinish);

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "--data", """{"a":1}""", "--config", service.Config);

        Assert.Equal((0, """{"a":1}"""), (run.ExitCode, Minified(run.Out)));
        var cleaned = run.Error.IndexOf("cleaned up after ", StringComparison.Ordinal);
        var report = run.Error.IndexOf("REPORT RequestId: ", StringComparison.Ordinal);
        Assert.InRange(cleaned, 0, report);
        var duration = run.Error[report..].Split('\t')
            .Single(field => field.StartsWith("Duration: ", StringComparison.Ordinal))
            ["Duration: ".Length..^" ms".Length];
        Assert.True(double.Parse(duration, CultureInfo.InvariantCulture) >= 600, run.Error);
    }

    // The framework's extendedValidate reads standard input and tries JSON.parse, keeping "a simple string" as it
    // came (lib/plugins/aws/invoke-local/index.js): piped text is a string event, as --data's is.
    [Theory]
    [InlineData("hello", "\"hello\"")]
    [InlineData("hello\n", "\"hello\\n\"")]
    public async Task InvokeLocal_PipedTextThatIsNotJson_IsPassedAsAJsonString(string piped, string expected)
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);

        var run = await CliRun.RunWithInputAsync(piped, "invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal((0, expected), (run.ExitCode, run.Out.Trim()));
    }

    // The framework's readFileSync parses only .json, .yml and .yaml; any other file is its trimmed text, which
    // extendedValidate then parses as JSON when it can, else keeps as a string.
    [Theory]
    [InlineData("event.txt", "hello\n", false, "\"hello\"")]
    [InlineData("event.txt", "{\"a\": 1}\n", false, "{\"a\":1}")]
    [InlineData("event", "[1, 2]", false, "[1,2]")]
    [InlineData("event.txt", "{\"a\":1}", true, "\"{\\\"a\\\":1}\"")]
    public async Task InvokeLocal_PathToAFileThatIsNeitherJsonNorYaml_IsItsTextAsDataWouldBe(
        string name, string content, bool raw, string expected)
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);
        await File.WriteAllTextAsync(Path.Combine(service.Folder, name), content);
        string[] rawOption = raw ? ["--raw"] : [];

        var run = await CliRun.RunAsync(
            ["invoke", "local", "-f", "shell", "--path", name, .. rawOption, "--config", service.Config]);

        Assert.Equal((0, Minified(expected)), (run.ExitCode, Minified(run.Out)));
    }

    [Fact]
    public async Task InvokeLocal_PathToATextFileWithBrokenJson_ReportsStr4003AtItsFileLineAndColumn()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);
        var file = Path.Combine(service.Folder, "event.txt");
        await File.WriteAllTextAsync(file, "{\n  \"a\": oops\n}\n");

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "--path", "event.txt", "--config", service.Config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STR4003", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{file}:2:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeLocal_RawData_IsPassedAsAJsonStringEvenWhenItIsJson()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "--raw", "--data", """{"a":1}""", "--config", service.Config);

        Assert.Equal((0, "\"{\\\"a\\\":1}\""), (run.ExitCode, run.Out.Trim()));
    }

    [Theory]
    [InlineData("--context", "[1]", "STR4010", "is not a JSON object: it is an array.")]
    [InlineData("--context", "{oops", "STR4010", "is not a JSON object: ")]
    [InlineData("-e", "NOEQUALS", "STR4006", "--env 'NOEQUALS' is not of the form KEY=VALUE.")]
    [InlineData("-e", "=value", "STR4006", "--env '=value' is not of the form KEY=VALUE.")]
    [InlineData("-e", "AWS_REGION=x", "STR4012", "--env sets 'AWS_REGION', which Lambda reserves for itself")]
    [InlineData("-e", "_HANDLER=y", "STR4012", "--env sets '_HANDLER', which Lambda reserves for itself")]
    [InlineData("-e", "A=1", "STR4012", "--env names 'A', which Lambda does not accept")]
    [InlineData("-e", "_FOO=1", "STR4012", "--env names '_FOO', which Lambda does not accept")]
    public async Task InvokeLocal_BadContextOrEnv_IsAUsageErrorBeforeBuilding(
        string option, string value, string code, string message)
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);

        var run = await CliRun.RunAsync("invoke", "local", "-f", "shell", option, value, "--config", service.Config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{code}: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Building", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeLocal_ContextOverLambdasLimit_ReportsStr4010WithTheLimit()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);
        var context = "{\"custom\":{\"k\":\"" + new string('x', 2700) + "\"}}";

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "--context", context, "--config", service.Config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("once Base64-encoded, over Lambda's 3583.", run.Error, StringComparison.Ordinal);
    }

    // Lambda throttles a function with reservedConcurrency 0 on every call and says only 'Rate Exceeded.'.
    [Fact]
    public async Task InvokeLocal_ReservedConcurrencyZero_FailsNamingTheSettingAndItsPlaceWithoutBuilding()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho, settings: "reservedConcurrency: 0");

        var run = await CliRun.RunAsync("invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{service.Config}:11:5: error STR1310: function 'shell' has reservedConcurrency 0", run.Error,
            StringComparison.Ordinal);
        Assert.Contains("fix: remove 'reservedConcurrency: 0'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Building", run.Error, StringComparison.Ordinal);
    }

    // Lambda's synchronous request limit is 6 MB (6,291,456 bytes); a larger event is the caller's mistake.
    [Theory]
    [InlineData(6 * 1024 * 1024, 0)]
    [InlineData((6 * 1024 * 1024) + 1, 2)]
    public async Task InvokeLocal_EventOverSixMegabytes_IsAUsageErrorBeforeBuilding(int size, int exitCode)
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.Write);
        await File.WriteAllTextAsync(
            Path.Combine(service.Folder, "big.json"), "\"" + new string('x', size - 2) + "\"");

        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "shell", "--path", "big.json", "--config", service.Config);

        Assert.Equal(exitCode, run.ExitCode);
        if (exitCode == 2)
        {
            Assert.Contains($"STR4011: the event given by --path '{Path.Combine(service.Folder, "big.json")}' is " +
                $"{size} bytes, over Lambda's 6291456-byte (6 MB) limit", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Building", run.Error, StringComparison.Ordinal);
        }
    }

    // The framework's `invoke local` reads the event from standard input when neither --data nor --path is given
    // (lib/plugins/aws/invoke-local/index.js); nothing piped is the default event, {}.
    [Fact]
    public async Task InvokeLocal_EventPipedOnStandardInput_IsTheEvent()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);
        var config = service.Config;

        var piped = await CliRun.RunWithInputAsync(
            """{"from": "stdin"}""", "invoke", "local", "-f", "shell", "--config", config);
        var empty = await CliRun.RunWithInputAsync("\n", "invoke", "local", "-f", "shell", "--config", config);
        var overridden = await CliRun.RunWithInputAsync(
            """{"from": "stdin"}""", "invoke", "local", "-f", "shell", "--data", "[1]", "--config", config);

        Assert.Equal((0, """{"from":"stdin"}"""), (piped.ExitCode, Minified(piped.Out)));
        Assert.Equal((0, "{}"), (empty.ExitCode, Minified(empty.Out)));
        Assert.Equal((0, "[1]"), (overridden.ExitCode, Minified(overridden.Out)));
    }

    // Lambda gives a function its role's credentials; locally the developer's identity stands in, so an SDK in
    // the function uses the shell's profile rather than quietly falling back to the default one.
    [Fact]
    public async Task InvokeLocal_DevelopersAwsProfileAndKeys_ReachTheFunction()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteCredentials);
        var environment = new Dictionary<string, string>
        {
            ["AWS_PROFILE"] = "team-dev",
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/creds/file",
            ["AWS_CONFIG_FILE"] = "/config/file",
        };

        var run = await CliProcess.RunWithEnvironmentAsync(
            environment, "invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """{"profile":"team-dev","keyId":"AKIDEXAMPLE","files":"/creds/file /config/file"}""",
            Minified(run.Out));
    }

    // Windows tools often start a file with a byte order mark; --path drops it (File.ReadAllText), so a pipe does.
    [Fact]
    public async Task InvokeLocal_PipedEventWithAByteOrderMark_IsTheEvent()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);
        var withMark = "\uFEFF" + """{"b": 1}""";

        var run = await CliRun.RunWithInputAsync(
            withMark, "invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal((0, """{"b":1}"""), (run.ExitCode, Minified(run.Out)));
    }

    // A pipe its writer keeps open would otherwise wait without a word (`sleep 100 | stratus invoke local`).
    [Fact]
    public async Task InvokeLocal_PipeSilentForAWhile_SaysWhatItWaitsForThenTakesTheEvent()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);
        using var hinted = new ManualResetEventSlim();
        using var error = new HintWatcher(hinted);
        using var input = new ReaderAfterHint("[7]", hinted);

        var run = await CliRun.RunWithReaderAsync(
            input, error, "invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal((0, "[7]"), (run.ExitCode, Minified(run.Out)));
        Assert.Contains("Waiting for the event on standard input", run.Error, StringComparison.Ordinal);
    }

    // A real pipe, as a shell makes for `echo '{...}' | stratus invoke local`: the runtime's own copy of descriptor 0
    // (a second read end of the same pipe) once made the event look absent, and the function got {}.
    [Fact]
    public async Task InvokeLocal_EventPipedByAnotherProcess_IsTheEvent()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);

        var run = await CliProcess.RunWithPipedInputAsync(
            """{"piped": true}""", "invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal((0, """{"piped":true}"""), (run.ExitCode, Minified(run.Out)));
    }

    // Started with standard input closed ('<&-'), the runtime's own pipe sits in its place; reading that pipe
    // once waited forever.
    [Fact]
    public async Task InvokeLocal_StandardInputClosed_RunsTheDefaultEvent()
    {
        using var service = ShellService.Write(ShellBootstrapArtifact.WriteEcho);

        var run = await CliProcess.RunWithInputClosedAsync(
            "invoke", "local", "-f", "shell", "--config", service.Config);

        Assert.Equal((0, "{}"), (run.ExitCode, Minified(run.Out)));
    }

    [Fact]
    public async Task InvokeLocal_PipedEventThatIsNotJson_ReportsStr4003NamingStandardInput()
    {
        var run = await CliRun.RunWithInputAsync("{oops", "invoke", "local", "-f", "status", "--config", Config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STR4003", run.Error, StringComparison.Ordinal);
        Assert.Contains("the event given by standard input is not valid JSON", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeLocal_PathThatIsAFolder_ReportsStr4004SayingItIsAFolder()
    {
        var run = await CliRun.RunAsync(
            "invoke", "local", "-f", "status", "--path", Path.GetTempPath(), "--config", Config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STR4004", run.Error, StringComparison.Ordinal);
        Assert.Contains("is a folder, not a file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeLocal_HandlerNamesAMissingClass_FailsAfterTheBuildWithStr3003AtTheHandler()
    {
        // A second service file beside the example's, so the build finds the same functions project.
        var config = Path.Combine(RepositoryPaths.UsersService, $"serverless.missing-class-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(config, """
            service: missing-class
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              status:
                handler: UsersService.Functions::UsersService.Functions.Status.NoSuchHandler
            """);
        try
        {
            var run = await CliRun.RunAsync("invoke", "local", "-f", "status", "--config", config);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"{Path.GetFileName(config)}:7:14: error STR3003", run.Error, StringComparison.Ordinal);
            Assert.Contains("'UsersService.Functions.Status.NoSuchHandler'", run.Error, StringComparison.Ordinal);
            Assert.Contains(
                "fix: use the full name (namespace and class) of a handler class", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Theory]
    [InlineData("UsersService.Functions.Status.GetStatusHandlr")]
    [InlineData("UsersService.Functions.status.getStatusHandler")]
    [InlineData("UsersService.Status.GetStatusHandler")]
    public async Task InvokeLocal_HandlerNamesAClassCloseToAHandlerClass_Str3003SuggestsThatClass(string written)
    {
        var config = Path.Combine(RepositoryPaths.UsersService, $"serverless.close-class-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(config, $"""
            service: close-class
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              status:
                handler: UsersService.Functions::{written}
            """);
        try
        {
            var run = await CliRun.RunAsync("invoke", "local", "-f", "status", "--config", config);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains($"{Path.GetFileName(config)}:7:14: error STR3003", run.Error, StringComparison.Ordinal);
            Assert.Contains(
                "fix: did you mean 'UsersService.Functions.Status.GetStatusHandler'? Write " +
                "'UsersService.Functions::UsersService.Functions.Status.GetStatusHandler' as the handler.",
                run.Error,
                StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task InvokeLocal_NodeRuntime_FailsWithStr3004AtTheRuntimeRatherThanBlamingTheHandler()
    {
        var run = await RunWithConfigAsync("""
            service: node-runtime
            provider:
              name: aws
            functions:
              status:
                handler: index.handler
                runtime: nodejs20.x
            """);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(":7:14: error STR3004", run.Error, StringComparison.Ordinal);
        Assert.Contains("'nodejs20.x'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("STR3001", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeLocal_Dotnet8RuntimeWithANet10Project_FailsWithStr3011AsPackageWould()
    {
        var run = await RunWithConfigAsync("""
            service: old-runtime
            provider:
              name: aws
              runtime: dotnet8
            functions:
              status:
                handler: UsersService.Functions::UsersService.Functions.Status.GetStatusHandler
            """);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(":4:12: error STR3011", run.Error, StringComparison.Ordinal);
        Assert.Contains("needs 'net8.0'", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Runs `invoke local -f status` with a second service file beside the example's (same project).</summary>
    private static async Task<CliRun> RunWithConfigAsync(string yaml)
    {
        var config = Path.Combine(RepositoryPaths.UsersService, $"serverless.runtime-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(config, yaml);
        try
        {
            return await CliRun.RunAsync("invoke", "local", "-f", "status", "--config", config);
        }
        finally
        {
            File.Delete(config);
        }
    }

    /// <summary>
    /// A service in a new temp folder, deleted on dispose, whose one function, 'shell', is a prebuilt shell bootstrap.
    /// </summary>
    private sealed class ShellService(string folder) : IDisposable
    {
        public string Folder { get; } = folder;

        public string Config => Path.Combine(Folder, "serverless.yml");

        public static ShellService Write(Action<string> writeArtifact, int timeout = 6, string settings = "")
        {
            var service = new ShellService(Directory.CreateTempSubdirectory("stratus-invoke-").FullName);
            writeArtifact(Path.Combine(service.Folder, "dist", "shell.zip"));
            File.WriteAllText(service.Config, $$"""
                service: shell-service
                provider:
                  name: aws
                  runtime: provided.al2023
                functions:
                  shell:
                    handler: shell.handler
                    timeout: {{timeout}}
                    package:
                      artifact: dist/shell.zip
                {{Indented(settings)}}
                """);
            return service;
        }

        // The unzipped task folder is read-only, as in Lambda; deleting it needs write permission back.
        public void Dispose() => Stratus.Packaging.Internal.FolderLease.DeleteFolder(Folder);

        // More settings of the function, written at its settings' indentation.
        private static string Indented(string settings) =>
            string.Join("\n", settings.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));
    }

    /// <summary>A pipe whose writer sends its text once the command has said it waits (after 30 s at most).</summary>
    private sealed class ReaderAfterHint(string text, ManualResetEventSlim hinted) : TextReader
    {
        public override string ReadToEnd()
        {
            hinted.Wait(TimeSpan.FromSeconds(30));
            return text;
        }
    }

    /// <summary>Stderr that signals when the waiting note is written.</summary>
    private sealed class HintWatcher(ManualResetEventSlim hinted) : StringWriter
    {
        public override Task WriteLineAsync(string? value)
        {
            if (value?.Contains("Waiting for the event", StringComparison.Ordinal) == true)
            {
                hinted.Set();
            }

            return base.WriteLineAsync(value);
        }
    }

    private static string Minified(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
