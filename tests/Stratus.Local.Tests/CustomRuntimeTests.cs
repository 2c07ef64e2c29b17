using System.Globalization;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// A <c>provided.al2023</c> function: an executable <c>bootstrap</c> in its task folder, started from there and
/// served only through the Runtime API, here a POSIX shell script using curl, as in AWS's custom runtime tutorial.
/// </summary>
public sealed class CustomRuntimeTests : IDisposable
{
    private const string Bootstrap = """
        #!/bin/sh
        set -eu
        api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
        while true; do
          headers="$(mktemp)"
          event="$(curl -sS -D "$headers" "$api/invocation/next")"
          id="$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$headers" | cut -d' ' -f2 | tr -d '\r\n')"
          rm -f "$headers"
          echo "shell: handling $id"
          printf '{"handler":"%s","taskRoot":"%s","cwd":"%s","execEnv":"%s","libraryPath":"%s","event":%s}' \
            "$_HANDLER" "$LAMBDA_TASK_ROOT" "$(pwd)" "${AWS_EXECUTION_ENV:-none}" "${LD_LIBRARY_PATH:-}" "$event" \
            | curl -sS -X POST --data-binary @- "$api/invocation/$id/response" > /dev/null
        done
        """;

    private readonly string _taskRoot = Directory.CreateTempSubdirectory("stratus-provided-").FullName;

    [Fact]
    public async Task ProvidedAl2023_ShellBootstrap_RunsFromTaskRootThroughRuntimeApiWithItsLibFolderOnTheLibraryPath()
    {
        await using var test = await TestCloud.StartAsync(ShellFunction(Http("POST", "/shell")));

        using var response = await test.Client.PostAsync("/shell", new StringContent("""{"n":7}"""));
        var logged = await test.Output.WaitForLineAsync(
            line => line.Contains("shell: handling ", StringComparison.Ordinal));

        Assert.Equal(200, (int)response.StatusCode);
        var answer = await Json.ReadAsync(response);
        Assert.Equal("function.handler", answer["handler"]!.GetValue<string>());
        Assert.Equal(_taskRoot, answer["taskRoot"]!.GetValue<string>());
        Assert.Equal(_taskRoot, answer["cwd"]!.GetValue<string>());
        Assert.Equal("none", answer["execEnv"]!.GetValue<string>());
        Assert.Equal($"{_taskRoot}:{_taskRoot}/lib", answer["libraryPath"]!.GetValue<string>());
        Assert.Equal("""{"n":7}""", answer["event"]!["body"]!.GetValue<string>());
        Assert.StartsWith("shell: handling ", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvidedAl2023_SecondInvocation_ReusesTheBootstrapProcess()
    {
        await using var test = await TestCloud.StartAsync(ShellFunction());

        var first = await test.InvokeAsync("shell", """{"a":1}""");
        var second = await test.InvokeAsync("shell", """{"a":2}""");

        Assert.True(first.IsSuccess, first.ErrorMessage);
        Assert.True(second.IsSuccess, second.ErrorMessage);
        Assert.Equal(2, Json.Parse(second.Payload)["event"]!["a"]!.GetValue<int>());
        Assert.NotNull(first.InitDuration);
        Assert.Null(second.InitDuration);
        Assert.Single(test.Cloud.GetProcessIds("shell"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_BootstrapWithoutItsExecuteBit_FailsWithInvalidEntrypointAndSaysHowToFixIt()
    {
        // Lambda keeps the modes the zip records: a bootstrap zipped as 0644 cannot be started there either.
        await using var test = await TestCloud.StartAsync(ShellFunction(executable: false));

        var result = await test.InvokeAsync("shell");

        Assert.Equal(FunctionErrorKind.InitError, result.Error);
        Assert.Equal("Runtime.InvalidEntrypoint", result.ErrorType);
        var bootstrap = Path.Combine(_taskRoot, "bootstrap");
        Assert.Equal(
            $"RequestId: {result.RequestId} Error: fork/exec {bootstrap}: permission denied", result.ErrorMessage);
        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2031);
        Assert.Contains($"'{bootstrap}' is not executable", hint.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 755", hint.Message, StringComparison.Ordinal);
    }

    // What the provided runtimes answer when /var/task/bootstrap is missing (a layer may bring /opt/bootstrap).
    [Fact]
    public async Task ProvidedAl2023_NoBootstrapInTheTaskRoot_FailsWithCouldNotFindValidBootstrap()
    {
        var function = ShellFunction();
        File.Delete(Path.Combine(_taskRoot, "bootstrap"));
        await using var test = await TestCloud.StartAsync(function);

        var result = await test.InvokeAsync("shell");

        Assert.Equal(("Runtime.InvalidEntrypoint", FunctionErrorKind.InitError), (result.ErrorType, result.Error));
        var bootstrap = Path.Combine(_taskRoot, "bootstrap");
        Assert.Equal(
            $"RequestId: {result.RequestId} Error: Couldn't find valid bootstrap(s): [{bootstrap} /opt/bootstrap]",
            result.ErrorMessage);
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2014);
        Assert.Null(logged.Exception);
    }

    // Lambda's runtime interface is written in Go, so a refused exec reads as Go words it: "fork/exec PATH: ...".
    [Theory]
    [InlineData("echo no interpreter line", "exec format error")]
    [InlineData("#!/no/such/interpreter\necho hi", "no such file or directory")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_BootstrapTheKernelCannotRun_FailsWithGoForkExecWording(
        string script,
        string reason)
    {
        await using var test = await TestCloud.StartAsync(ScriptFunction(script));

        var result = await test.InvokeAsync("shell");

        Assert.Equal(("Runtime.InvalidEntrypoint", FunctionErrorKind.InitError), (result.ErrorType, result.Error));
        var bootstrap = Path.Combine(_taskRoot, "bootstrap");
        Assert.Equal($"RequestId: {result.RequestId} Error: fork/exec {bootstrap}: {reason}", result.ErrorMessage);
    }

    // Lambda finds its bootstrap with stat, which follows links: a link to nothing is no bootstrap at all.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_BootstrapLinkToNothing_FailsWithCouldNotFindValidBootstrap()
    {
        var function = ShellFunction();
        var bootstrap = Path.Combine(_taskRoot, "bootstrap");
        File.Delete(bootstrap);
        File.CreateSymbolicLink(bootstrap, Path.Combine(_taskRoot, "gone"));
        await using var test = await TestCloud.StartAsync(function);

        var result = await test.InvokeAsync("shell");

        Assert.Equal(
            $"RequestId: {result.RequestId} Error: Couldn't find valid bootstrap(s): [{bootstrap} /opt/bootstrap]",
            result.ErrorMessage);
        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains(
            $"is a symbolic link to '{Path.Combine(_taskRoot, "gone")}', which is not in the function's package",
            hint.Message,
            StringComparison.Ordinal);
        Assert.Contains("zip without -y", hint.Message, StringComparison.Ordinal);
    }

    // A link to an absolute path can only be filled by the runtime's image or a layer, never by adding to the zip.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_BootstrapLinkToAnAbsolutePathThatIsMissing_SaysToLinkRelativelyOrUseALayer()
    {
        var function = ShellFunction();
        var bootstrap = Path.Combine(_taskRoot, "bootstrap");
        File.Delete(bootstrap);
        File.CreateSymbolicLink(bootstrap, "/opt/stratus-test-nothing/bootstrap");
        await using var test = await TestCloud.StartAsync(function);

        await test.InvokeAsync("shell");

        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains("by a relative path", hint.Message, StringComparison.Ordinal);
        Assert.Contains("layer", hint.Message, StringComparison.Ordinal);
    }

    // The commonest #! line, through env: env starts, looks for 'sh\r' and exits 127 (Lambda: Runtime.ExitError).
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_EnvScriptWithWindowsLineEndings_ExitsAsLambdaSaysAndSaysToSaveWithLfEndings()
    {
        await using var test = await TestCloud.StartAsync(ScriptFunction("#!/usr/bin/env sh\r\necho hi\r"));

        var result = await test.InvokeAsync("shell");

        Assert.Equal(
            $"RequestId: {result.RequestId} Error: Runtime exited with error: exit status 127", result.ErrorMessage);
        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains("ends in a carriage return", hint.Message, StringComparison.Ordinal);
        Assert.Contains("'sh\\r'", hint.Message, StringComparison.Ordinal);
        Assert.Contains("LF line endings", hint.Message, StringComparison.Ordinal);
    }

    // Editors on Windows may save a UTF-8 byte order mark, which hides the #! from the kernel but not from the eye.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_ScriptStartingWithAByteOrderMark_NamesTheMarkAndTheFix()
    {
        await using var test = await TestCloud.StartAsync(ScriptFunction("\uFEFF#!/bin/sh\necho hi"));

        var result = await test.InvokeAsync("shell");

        Assert.Equal(FunctionErrorKind.InitError, result.Error);
        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains("starts with a UTF-8 byte order mark", hint.Message, StringComparison.Ordinal);
        Assert.Contains("without a byte order mark", hint.Message, StringComparison.Ordinal);
    }

    // `.stratus/` deleted while dev runs: the kernel names the program (dotnet, which exists), not the missing folder.
    [Fact]
    public async Task ProvidedAl2023_TaskFolderGone_SaysTheFolderIsGoneAndHowToRebuild()
    {
        var function = ShellFunction() with { TaskRoot = Path.Combine(_taskRoot, "gone") };
        await using var test = await TestCloud.StartAsync(function);

        await test.InvokeAsync("shell");

        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains($"the function's folder '{Path.Combine(_taskRoot, "gone")}' is gone", hint.Message,
            StringComparison.Ordinal);
        Assert.Contains("builds it again", hint.Message, StringComparison.Ordinal);
    }

    // Saved with Windows line endings, the #! line names "/bin/sh\r": Lambda says the bootstrap that is there is
    // not found, so the console names the carriage return.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_ScriptWithWindowsLineEndings_KeepsLambdaErrorAndSaysToSaveWithLfEndings()
    {
        await using var test = await TestCloud.StartAsync(ScriptFunction("#!/bin/sh\r\necho hi\r"));

        var result = await test.InvokeAsync("shell");

        var bootstrap = Path.Combine(_taskRoot, "bootstrap");
        Assert.Equal(
            $"RequestId: {result.RequestId} Error: fork/exec {bootstrap}: no such file or directory",
            result.ErrorMessage);
        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains("ends in a carriage return", hint.Message, StringComparison.Ordinal);
        Assert.Contains("'/bin/sh\\r'", hint.Message, StringComparison.Ordinal);
        Assert.Contains("LF line endings", hint.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_ScriptWithoutAnInterpreterLine_SaysItIsNeitherScriptNorLinuxExecutable()
    {
        await using var test = await TestCloud.StartAsync(ScriptFunction("echo no interpreter line"));

        var result = await test.InvokeAsync("shell");

        Assert.EndsWith(": exec format error", result.ErrorMessage, StringComparison.Ordinal);
        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains(
            "is neither a script with a '#!' line nor a Linux (ELF) executable",
            hint.Message,
            StringComparison.Ordinal);
        Assert.Contains("fix: start a script with a '#!' line", hint.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_ScriptWhoseInterpreterIsMissing_NamesTheInterpreter()
    {
        await using var test = await TestCloud.StartAsync(ScriptFunction("#!/no/such/interpreter\necho hi"));

        await test.InvokeAsync("shell");

        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains(
            "the interpreter '/no/such/interpreter' named on the '#!' line", hint.Message, StringComparison.Ordinal);
    }

    // The ELF header's e_machine names the architecture a binary was built for; the kernel refuses any other.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_ElfBuiltForAnotherArchitecture_NamesBothArchitectures()
    {
        var hostIsArm = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture
            == System.Runtime.InteropServices.Architecture.Arm64;
        var (host, other, otherMachine) = hostIsArm ? ("arm64", "x86_64", 0x3E) : ("x86_64", "arm64", 0xB7);
        var function = ScriptFunction("") with { Architecture = host };
        File.WriteAllBytes(Path.Combine(_taskRoot, "bootstrap"), ElfHeader(otherMachine));
        await using var test = await TestCloud.StartAsync(function);

        var result = await test.InvokeAsync("shell");

        Assert.Equal("Runtime.InvalidEntrypoint", result.ErrorType);
        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains(
            $"is a Linux executable built for {other}, but the function's architecture is {host}",
            hint.Message,
            StringComparison.Ordinal);
        Assert.Contains($"or set the function's architecture to '{other}'", hint.Message, StringComparison.Ordinal);
    }

    // Built right for the function but not for this machine: Lambda would run it, so the fix is not a rebuild.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_ElfBuiltForTheFunctionsArchitectureButNotThisMachines_SaysLambdaWouldRunIt()
    {
        var hostIsArm = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture
            == System.Runtime.InteropServices.Architecture.Arm64;
        var (other, otherMachine) = hostIsArm ? ("x86_64", 0x3E) : ("arm64", 0xB7);
        var function = ScriptFunction("") with { Architecture = other };
        File.WriteAllBytes(Path.Combine(_taskRoot, "bootstrap"), ElfHeader(otherMachine));
        await using var test = await TestCloud.StartAsync(function);

        await test.InvokeAsync("shell");

        var hint = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2039);
        Assert.Contains(
            $"is built for {other}, the function's architecture, which this machine",
            hint.Message,
            StringComparison.Ordinal);
        Assert.Contains("though Lambda would", hint.Message, StringComparison.Ordinal);
    }

    // "permission denied" from the kernel is not always the missing execute bit; chmod would not help here.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_ExecutableBootstrapWhoseInterpreterIsAFolder_GivesNoChmodHint()
    {
        await using var test = await TestCloud.StartAsync(ScriptFunction("#!/tmp\necho hi"));

        var result = await test.InvokeAsync("shell");

        var bootstrap = Path.Combine(_taskRoot, "bootstrap");
        Assert.Equal(
            $"RequestId: {result.RequestId} Error: fork/exec {bootstrap}: permission denied", result.ErrorMessage);
        Assert.DoesNotContain(test.Logs.Entries, entry => entry.EventId == 2031);
    }

    // Lambda's words for a runtime that ends with status 0: it gave no reason, unlike "exit status 1".
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_BootstrapThatExitsCleanly_FailsWithRuntimeExitedWithoutProvidingAReason()
    {
        await using var test = await TestCloud.StartAsync(ScriptFunction("#!/bin/sh\necho starting\nexit 0"));

        var result = await test.InvokeAsync("shell");

        Assert.Equal("Runtime.ExitError", result.ErrorType);
        Assert.Equal(
            $"RequestId: {result.RequestId} Error: Runtime exited without providing a reason", result.ErrorMessage);
    }

    // Lambda ends the execution environment with its runtime; a child that left the runtime's session
    // (setsid, as daemons do) once outlived both the function process and the emulator.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_BootstrapThatExitsLeavingADaemon_HasTheDaemonEndedWithIt()
    {
        await using var test = await TestCloud.StartAsync(ScriptFunction(LeavesDaemons(1) + "exit 3"));

        var result = await test.InvokeAsync("shell");
        var daemon = (await DaemonIdsAsync(test, 1))[0];

        Assert.Equal("Runtime.ExitError", result.ErrorType);
        await Processes.WaitUntilEndedAsync(daemon, TimeSpan.FromSeconds(10));
        Assert.Contains(test.Logs.Entries, entry => entry.EventId == 2036);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ProvidedAl2023_EmulatorStoppingWhileABootstrapHasDaemons_EndsEveryDaemonBeforeItReturns()
    {
        var test = await TestCloud.StartAsync(ScriptFunction(LeavesDaemons(5) + "exec sleep 300"));
        var pending = test.InvokeAsync("shell");
        var daemons = await DaemonIdsAsync(test, 5);

        await test.DisposeAsync();

        // Killed before the stop returns (SIGKILL takes effect a moment after kill returns), and then gone: a stop
        // that returned while they were still being ended once left them stopped (state T) for good.
        Assert.All(daemons, daemon => Assert.True(Processes.IsEndedOrEnding(daemon), $"daemon {daemon} still runs"));
        foreach (var daemon in daemons)
        {
            await Processes.WaitUntilEndedAsync(daemon, TimeSpan.FromSeconds(10));
        }

        // The invocation the stop cut short ends, whichever way it reports that.
        await Record.ExceptionAsync(() => pending);
    }

    // Started from a subshell that ends at once, a daemon is no longer the bootstrap's child, which a walk of the
    // bootstrap's process tree would reach; its output goes nowhere, so the function's pipes close with it.
    private static string LeavesDaemons(int count) => $$"""
        #!/bin/sh
        for i in $(seq {{count}}); do ( setsid sleep 300 < /dev/null > /dev/null 2>&1 & echo "daemon $!" ); done

        """;

    private static async Task<int[]> DaemonIdsAsync(TestCloud test, int count)
    {
        var lines = await test.Output.WaitForLinesAsync(
            line => line.StartsWith("daemon ", StringComparison.Ordinal), count);
        return [.. lines.Select(line => int.Parse(line["daemon ".Length..], CultureInfo.InvariantCulture))];
    }

    // An ELF64 little-endian executable header, cut short: the kernel reads e_machine before anything else.
    private static byte[] ElfHeader(int machine)
    {
        var header = new byte[64];
        "\u007fELF"u8.CopyTo(header);
        (header[4], header[5], header[6], header[16]) = (2, 1, 1, 2);
        header[18] = (byte)machine;
        return header;
    }

    public void Dispose() => Directory.Delete(_taskRoot, recursive: true);

    // A packaged function's unzip is checked before each process starts, and a changed one replaced by a fresh
    // unzip: the process then starts there, its executable and LAMBDA_TASK_ROOT moved with it.
    [Fact]
    public async Task ProvidedAl2023_TaskFolderMovedForNewProcess_StartsTheBootstrapThereWithItsTaskRoot()
    {
        var function = ShellFunction();
        using var fresh = new TempFolder();
        File.Copy(Path.Combine(_taskRoot, "bootstrap"), Path.Combine(fresh.Path, "bootstrap"));
        File.Delete(Path.Combine(_taskRoot, "bootstrap"));
        var moved = function with
        {
            ExecutablePath = Path.Combine(_taskRoot, "bootstrap"),
            TaskRootForNewProcess = () => fresh.Path,
        };
        await using var test = await TestCloud.StartAsync(moved);

        var result = await test.InvokeAsync("shell", """{"a":1}""");

        Assert.True(result.IsSuccess, result.ErrorMessage);
        var answer = System.Text.Json.Nodes.JsonNode.Parse(result.Payload.Span)!;
        Assert.Equal(fresh.Path, answer["taskRoot"]!.GetValue<string>());
        Assert.Equal(fresh.Path, answer["cwd"]!.GetValue<string>());
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("stratus-provided-fresh-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private LocalFunction ScriptFunction(string script)
    {
        var function = ShellFunction();
        var bootstrap = Path.Combine(_taskRoot, "bootstrap");
        File.WriteAllText(bootstrap, script + "\n");
        File.SetUnixFileMode(bootstrap, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return function;
    }

    private LocalFunction ShellFunction(params LocalRoute[] routes) => ShellFunction(executable: true, routes);

    private LocalFunction ShellFunction(bool executable, params LocalRoute[] routes)
    {
        var bootstrap = Path.Combine(_taskRoot, "bootstrap");
        File.WriteAllText(bootstrap, Bootstrap.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            File.SetUnixFileMode(bootstrap, executable ? mode | UnixFileMode.UserExecute : mode);
        }

        return new LocalFunction
        {
            Key = "shell",
            Name = "svc-dev-shell",
            Handler = "function.handler",
            Runtime = "provided.al2023",
            ExecutablePath = "./bootstrap",
            TaskRoot = _taskRoot,
            Routes = routes,
        };
    }
}
