using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Stratus.Local.Internal;

/// <summary>
/// One execution environment: a function process and the Runtime API endpoint only it talks to.
/// </summary>
/// <remarks>
/// The pool hands an instance one invocation at a time. An invocation moves pending (assigned, waiting for
/// the runtime's <c>next</c>) → current (delivered) → closing (answered, log not yet final) → completed.
/// Its log is finalized when the runtime asks for the next event or exits, because the runtime writes its
/// last lines to the pipe before it answers, and they must land in this invocation's log.
/// </remarks>
[SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The instance ends with its process: WatchAsync disposes the process and its PeakMemory.")]
internal sealed partial class FunctionInstance
{
    // AWS gives the init phase 10 s; past it, Lambda ends the environment and runs init again inside the first
    // invoke, where init and the handler share the function timeout (a "suppressed init").
    private static readonly TimeSpan InitPhaseLimit = TimeSpan.FromSeconds(10);

    // EACCES: the executable exists but may not be run.
    private const int PermissionDenied = 13;
    private const int NoSuchFile = 2;

    // memorySize is in MB of 2^20 bytes, as Lambda's REPORT figures are.
    private const long BytesPerMegabyte = 1024 * 1024;

    // How long an answered invocation waits for the runtime's next call before its log is closed anyway.
    // Limitation: a line written after that (by a runtime that lingers before asking again) reaches the
    // output sink but no invocation's Logs.
    private static readonly TimeSpan LogGrace = TimeSpan.FromMilliseconds(250);

    private readonly FunctionPool _pool;
    private readonly CloudContext _cloud;
    // Set once more as the process starts, when its task folder moves (see LocalFunction.TaskRootForNewProcess).
    private LocalFunction _function;
    private readonly object _gate = new();
    private readonly Func<InvocationResult, string, string, string> _formatLog;

    private LoopbackServer? _runtimeApi;
    private string? _tempDirectory;

    // The environment entries its process's leftovers inherit (see LeftoverProcesses); null once they are ended.
    private string[]? _leftoverMarkers;
    private readonly Lock _leftoverGate = new();
    private Process? _process;
    private PeakMemory? _peakMemory;
    private MemoryWatch? _memoryWatch;
    private Invocation? _pending;
    private Invocation? _current;
    private Invocation? _closing;

    // Answered, but its runtime has not asked for the next event yet: until it does, the invocation still runs
    // (Lambda's Invoke phase ends with the runtime's next call), under its timeout, and the instance is busy.
    private Invocation? _answered;
    private TaskCompletionSource<Invocation?>? _nextWaiter;
    private OutputPipe? _standardOutput;
    private OutputPipe? _standardError;
    private TaskCompletionSource? _outputIdle;
    private List<string>? _initLines = [];
    private ITimer? _initTimer;

    // The timeout, grace and idle timers are made once and re-armed with Change: each is armed on every request,
    // and a timer per request was a fifth of what `dev` allocated under load. A re-armed timer may still run a
    // callback queued for an earlier arming, so each callback first checks that its own time has come.
    private ITimer? _timeoutTimer;
    private ITimer? _graceTimer;
    private ITimer? _idleTimer;
    private TimeSpan _timeoutBudget;
    private long _closingSince;
    private long _idleSince;
    private TimeSpan _idleTimeout;
    private Task _starting = Task.CompletedTask;
    private long _startTimestamp;
    private TimeSpan? _unreportedInitDuration;
    private bool _initialized;
    private bool _exited;
    private bool _retiring;
    private bool _reset;

    public FunctionInstance(FunctionPool pool, CloudContext cloud, LocalFunction function, bool reinitializes = false)
    {
        _pool = pool;
        _cloud = cloud;
        _function = function;
        _formatLog = FormatLog;
        Reinitializes = reinitializes;
    }

    public int ProcessId { get; private set; }

    /// <summary>
    /// Whether this instance re-initializes an environment Lambda reset after a timeout or crash: its init is a
    /// suppressed one, run with the first invocation it serves (see <see cref="FunctionPool"/>).
    /// </summary>
    public bool Reinitializes { get; }

    /// <summary>How long starting the Runtime API listener and the process took (not the process's own init).</summary>
    public TimeSpan StartCost { get; private set; }

    public bool IsAlive
    {
        get
        {
            lock (_gate)
            {
                return ProcessId != 0 && !_exited;
            }
        }
    }

    /// <summary>Starts the Runtime API listener and the process, with <paramref name="first"/> waiting.</summary>
    /// <remarks>
    /// Starting a process takes milliseconds; it runs on the thread pool so that a socket thread that dispatched
    /// the invocation (see <see cref="SocketCompletions"/>) goes back to its other connections at once.
    /// </remarks>
    public void Start(Invocation first)
    {
        _startTimestamp = _cloud.Time.GetTimestamp();

        // The re-init of a reset environment runs with the invocation that waits for it ("if this environment is
        // used for a new invocation, Lambda re-initializes the extension and runtime together with the next
        // invocation"): its time is that invocation's Duration, and no Init Duration is reported.
        if (Reinitializes && first.SuppressedInitTimestamp is null)
        {
            first.MarkSuppressedInit(_startTimestamp);
            EmulatorLog.ReinitializingAfterReset(_cloud.Logger, _function.Key, first.RequestId);
        }

        lock (_gate)
        {
            _pending = first;
        }

        _starting = Task.Run(StartAsync);
    }

    private async Task StartAsync()
    {
        try
        {
            _function = InItsTaskFolder(_function);
            _tempDirectory = InstanceTempDirectory.Create(_function.Key);
            var runtimeApiSocket = RuntimeApiSocketPath(_tempDirectory);
            _runtimeApi = await LoopbackServer.StartAsync(
                0,
                HandleRuntimeApiAsync,
                _cloud.LoggerFactory,
                recordSentHeaderNames: null,
                CancellationToken.None,
                runtimeApiSocket);
            StartProcess(_runtimeApi.Port, runtimeApiSocket);
        }
#pragma warning disable CA1031 // Any start failure (bad path, no permission, port) fails this invocation only.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await FailStartAsync(exception);
        }
    }

    /// <summary>Gives a warm instance its next invocation.</summary>
    public void Assign(Invocation invocation)
    {
        TaskCompletionSource<Invocation?>? waiter = null;
        bool unusable;
        lock (_gate)
        {
            DisarmIdleTimerLocked();

            // The OS may know of a death (kill -9 by hand) before our exit handler runs; the runtime's long
            // poll would then swallow the event, so look at the process itself.
            // Limitation: a process killed at the very moment its event is written still fails that one
            // request with Runtime.ExitError; the next request cold-starts.
            unusable = _exited || _retiring || _process is { HasExited: true };
            if (!unusable && _nextWaiter is not null)
            {
                waiter = _nextWaiter;
                _nextWaiter = null;
                BeginDeliveryLocked(invocation);
            }
            else if (!unusable)
            {
                _pending = invocation;
            }
        }

        if (unusable)
        {
            // The process died while idle and its exit is not processed yet: the event never reached it,
            // so another instance may take it.
            _pool.Redispatch(invocation);
            return;
        }

        waiter?.TrySetResult(invocation);
    }

    public void ArmIdleTimer(TimeSpan idleTimeout)
    {
        lock (_gate)
        {
            DisarmIdleTimerLocked();
            if (_exited || _retiring)
            {
                return;
            }

            (_idleSince, _idleTimeout) = (_cloud.Time.GetTimestamp(), idleTimeout);
            _idleTimer ??= _cloud.Time.CreateTimer(
                static state => ((FunctionInstance)state!).OnIdleElapsed(),
                this,
                Timeout.InfiniteTimeSpan,
                Timeout.InfiniteTimeSpan);
            _idleTimer.Change(idleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnIdleElapsed()
    {
        lock (_gate)
        {
            if (_idleTimer is null || ReArmedIfEarly(_cloud.Time, _idleTimer, _idleSince, _idleTimeout))
            {
                return;
            }
        }

        _pool.RetireIfIdle(this);
    }

    /// <summary>
    /// Re-arms <paramref name="timer"/> for what is left when a callback runs before its time (one queued for an
    /// earlier arming), by the clock it was armed with; false when the time has come.
    /// </summary>
    private static bool ReArmedIfEarly(TimeProvider time, ITimer timer, long armedAt, TimeSpan dueTime)
    {
        var left = dueTime - time.GetElapsedTime(armedAt);
        if (left <= TimeSpan.Zero)
        {
            return false;
        }

        timer.Change(left, Timeout.InfiniteTimeSpan);
        return true;
    }

    /// <summary>Ends the process for good; pending work is re-dispatched or failed by the exit handler.</summary>
    public void Retire(string reason)
    {
        Process? process;
        lock (_gate)
        {
            _retiring = true;
            DisarmIdleTimerLocked();
            process = _process;
        }

        if (process is not null)
        {
            EmulatorLog.InstanceStopping(_cloud.Logger, _function.Key, ProcessId, reason);
            ProcessControl.KillTree(process);
        }
    }

    /// <summary>Ends the process and waits for it and its Runtime API listener to be gone.</summary>
    public async Task StopAsync(string reason)
    {
        // A start in progress would otherwise create its process after this stop looked for one.
        await _starting;
        Retire(reason);
        if (_process is { } process)
        {
            await ProcessControl.WaitForExitAsync(process, TimeSpan.FromSeconds(10));
            EndLeftovers(ProcessId);
        }

        if (_runtimeApi is { } runtimeApi)
        {
            await runtimeApi.StopAsync(TimeSpan.FromSeconds(2));
        }

        // The exit handler deletes it too, but may not have run yet: the emulator's stop must leave no folder.
        DeleteTempDirectory();
    }

    /// <summary>
    /// Where the Runtime API also listens for Stratus's own SDK: a Unix socket in the instance's folder, when the
    /// path fits a socket address (108 bytes on Linux), else none and the SDK uses TCP as other runtimes do.
    /// </summary>
    private static string? RuntimeApiSocketPath(string tempDirectory)
    {
        const int MaxSocketPathBytes = 100;
        var path = Path.Combine(tempDirectory, "runtime-api.sock");
        return Socket.OSSupportsUnixDomainSockets && Encoding.UTF8.GetByteCount(path) <= MaxSocketPathBytes
            ? path
            : null;
    }

    /// <summary>The function as this process starts it: from the folder its task folder source gives, if any.</summary>
    private static LocalFunction InItsTaskFolder(LocalFunction function)
    {
        if (function.TaskRootForNewProcess?.Invoke() is not { } taskRoot || taskRoot == function.TaskRoot)
        {
            return function;
        }

        var under = function.TaskRoot + Path.DirectorySeparatorChar;
        string Moved(string path) =>
            path.StartsWith(under, StringComparison.Ordinal) ? Path.Join(taskRoot, path[under.Length..]) : path;
        return function with
        {
            TaskRoot = taskRoot,
            ExecutablePath = Moved(function.ExecutablePath),
            Arguments = [.. function.Arguments.Select(Moved)],
        };
    }

    private void StartProcess(int runtimeApiPort, string? runtimeApiSocket)
    {
        var startInfo = new ProcessStartInfo(ResolveExecutable())
        {
            WorkingDirectory = _function.TaskRoot,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in _function.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        var runtimeApi = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{runtimeApiPort}");
        var environment = FunctionEnvironment.Build(
            _function, _cloud.Options, runtimeApi, runtimeApiSocket, _tempDirectory!, _cloud.Time.GetUtcNow());
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        _leftoverMarkers = [$"AWS_LAMBDA_RUNTIME_API={runtimeApi}", $"TMPDIR={environment["TMPDIR"]}"];

        // Limitation: a function process outlives an emulator that is killed outright (SIGKILL); a normal
        // stop, Ctrl+C included, ends every process through DisposeAsync.
        var process = ProcessControl.Start(startInfo)
            ?? throw new InvalidOperationException($"Process.Start returned no process for '{startInfo.FileName}'.");
        _cloud.TrackProcess(process);
        process.StandardInput.Close();
        bool retired;
        lock (_gate)
        {
            retired = _retiring;
            _process = process;
            _peakMemory = new PeakMemory(process);
            _memoryWatch = new MemoryWatch(
                _peakMemory.ReadBytes, _function.MemorySize, OnMemoryExceeded, TimeProvider.System);
            ProcessId = process.Id;
            _initTimer = _cloud.Time.CreateTimer(
                static state => ((FunctionInstance)state!).OnInitTimeout(),
                this,
                _pending?.SuppressedInitTimestamp is { } retried ? TimeLeft(retried) : InitPhaseLimit,
                Timeout.InfiniteTimeSpan);
        }

        if (retired)
        {
            ProcessControl.KillTree(process);
        }

        StartCost = _cloud.Time.GetElapsedTime(_startTimestamp);
        EmulatorLog.InstanceStarted(
            _cloud.Logger, _function.Key, process.Id, runtimeApiPort, StartCost.TotalMilliseconds);
        _ = WatchAsync(process);
    }

    private string ResolveExecutable()
    {
        // A relative path with a folder in it (./bootstrap) is relative to the task root, as in Lambda;
        // a bare name (dotnet) is looked up on PATH.
        var path = _function.ExecutablePath;
        var hasFolder = path.Contains('/', StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal);
        return !Path.IsPathRooted(path) && hasFolder ? Path.GetFullPath(path, _function.TaskRoot) : path;
    }

    /// <summary>Lambda's words for a process that could not be started.</summary>
    /// <remarks>
    /// A custom runtime without its bootstrap gets the runtime's "Couldn't find valid bootstrap(s)", naming both
    /// places Lambda looks. Any other refusal of the system call gets Go's, as Lambda's runtime interface is
    /// written in Go: "fork/exec PATH:" and the error's text in lower case ("permission denied" without the
    /// execute bit, "exec format error" for a script without its #! line, "no such file or directory" for a #!
    /// interpreter that is missing).
    /// </remarks>
    private string StartFailure(Exception exception, string executable)
    {
        if (exception is not Win32Exception { NativeErrorCode: var errno and > 0 })
        {
            return $"could not start '{_function.ExecutablePath}' in '{_function.TaskRoot}': {exception.Message}";
        }

        // Lambda looks for /var/task/bootstrap, then /opt/bootstrap, as stat sees them: through links, so a link
        // to nothing is no bootstrap.
        if (errno == NoSuchFile && Path.GetFileName(executable) == "bootstrap" && !Resolves(executable))
        {
            return $"Couldn't find valid bootstrap(s): [{executable} /opt/bootstrap]";
        }

        return $"fork/exec {executable}: {Marshal.GetPInvokeErrorMessage(errno).ToLowerInvariant()}";
    }

    private static bool Resolves(string path) =>
        File.Exists(path) && File.ResolveLinkTarget(path, returnFinalTarget: true) is not { Exists: false };

    /// <summary>Whether the file is there but nobody may execute it, the one refusal chmod fixes.</summary>
    /// <remarks>
    /// The kernel also says "permission denied" for an executable whose #! names a folder, or on a noexec mount.
    /// </remarks>
    private static bool LacksExecuteBit(string path)
    {
        const UnixFileMode AnyExecute =
            UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            return !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & AnyExecute) == 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private async Task FailStartAsync(Exception exception)
    {
        var executable = ResolveExecutable();
        var notExecutable = exception is Win32Exception { NativeErrorCode: PermissionDenied }
            && LacksExecuteBit(executable);
        var explained = exception is Win32Exception { NativeErrorCode: var errno }
            ? BootstrapDiagnosis.Explain(executable, _function.TaskRoot, errno, _function.Architecture)
            : null;
        if (notExecutable)
        {
            EmulatorLog.ExecutableNotExecutable(_cloud.Logger, _function.Key, executable);
        }
        else if (explained is (var problem, var fix))
        {
            EmulatorLog.ExecutableCannotStart(_cloud.Logger, _function.Key, problem, fix);
        }
        else
        {
            // Debug only: whoever invoked logs the failure (Runtime.InvalidEntrypoint with this reason) once.
            EmulatorLog.InstanceStartFailed(
                _cloud.Logger, _function.Key, _function.ExecutablePath, _function.TaskRoot, exception.Message);
        }

        Invocation? pending;
        lock (_gate)
        {
            _exited = true;
            pending = _pending;
            _pending = null;
        }

        if (pending is not null)
        {
            var message = $"RequestId: {pending.RequestId} Error: {StartFailure(exception, executable)}";
            FailInit(pending, LambdaErrors.InvalidEntrypointType, message, null);
        }

        if (_runtimeApi is { } runtimeApi)
        {
            await runtimeApi.StopAsync(TimeSpan.FromSeconds(2));
        }

        DeleteTempDirectory();
        _pool.OnInstanceGone(this);
    }

    private async Task WatchAsync(Process process)
    {
        try
        {
            _standardOutput = new OutputPipe(process.StandardOutput, OnOutputIdle);
            _standardError = new OutputPipe(process.StandardError, OnOutputIdle);
            var standardOutput = _standardOutput.PumpAsync(
                line => OnOutputLine(line, FunctionOutputStream.StandardOutput));
            var standardError = _standardError.PumpAsync(
                line => OnOutputLine(line, FunctionOutputStream.StandardError));
            await process.WaitForExitAsync();
            EndLeftovers(process.Id);

            // The pipes reach end-of-file once every process holding them is gone; waiting for that puts the
            // last lines into the right log. A grandchild that kept another environment could hold them forever.
            await Task.WhenAll(standardOutput, standardError)
                .WaitAsync(TimeSpan.FromSeconds(2), TimeProvider.System)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await OnExitedAsync(process.ExitCode);
        }
#pragma warning disable CA1031 // An emulator bug in one instance must not end the emulator.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            EmulatorLog.InstanceFault(_cloud.Logger, _function.Key, exception);
            Retire("emulator fault");
            _pool.OnInstanceGone(this);
        }
        finally
        {
            _cloud.ForgetProcess(process.Id);

            // Releases the handle and pipes; later HasExited/Kill calls see the exit flag or catch the error.
            process.Dispose();
            _memoryWatch?.Dispose();
            _peakMemory?.Dispose();
            DeleteTempDirectory();
        }
    }

    /// <summary>
    /// Ends, once, the processes the instance's process left running: Lambda ends the whole execution environment
    /// when its runtime exits, crashes or times out. Called after the process is gone, whether it exited or the
    /// emulator stopped it (Ctrl+C reaches a function first, and may leave its children behind).
    /// </summary>
    private void EndLeftovers(int processId)
    {
        // A lock, not a claim: the exit watcher and a stop may both get here, and the stop must not return (and
        // the emulator exit) while the watcher is still ending them.
        lock (_leftoverGate)
        {
            if (_leftoverMarkers is { } markers && LeftoverProcesses.End(markers) is > 0 and var ended)
            {
                EmulatorLog.LeftoverProcessesEnded(_cloud.Logger, _function.Key, processId, ended);
            }

            _leftoverMarkers = null;
        }
    }

    /// <summary>Deletes the instance's temp folder once, whichever of exit, failed start or stop comes first.</summary>
    private void DeleteTempDirectory()
    {
        if (Interlocked.Exchange(ref _tempDirectory, null) is { } path)
        {
            InstanceTempDirectory.Delete(path, _cloud.Logger, _function.Key);
        }
    }

    private void OnOutputLine(string line, FunctionOutputStream stream)
    {
        lock (_gate)
        {
            if ((_current ?? _closing) is { } invocation)
            {
                invocation.AppendLog(line);
            }
            else
            {
                _initLines?.Add(line);
            }
        }

        _cloud.WriteOutput(_function.Key, stream, line);
    }

    private void OnOutputIdle() => Interlocked.Exchange(ref _outputIdle, null)?.TrySetResult();

    private bool IsOutputCaughtUp() =>
        _standardOutput is not { IsCaughtUp: false } && _standardError is not { IsCaughtUp: false };

    /// <summary>
    /// Waits, up to <see cref="LogGrace"/>, until every line the process wrote so far has been read, so that the
    /// lines a runtime wrote before asking for its next event stay in the log of the invocation they belong to.
    /// </summary>
    private async Task WaitForOutputAsync()
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!IsOutputCaughtUp())
        {
            var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _outputIdle, idle);

            // The pump may have gone idle between the check above and the signal being set.
            if (IsOutputCaughtUp())
            {
                return;
            }

            var left = LogGrace - TimeProvider.System.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            // Real time on purpose, like LogGrace itself: this waits for a real process's pipe.
            await idle.Task.WaitAsync(left, TimeProvider.System).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task OnExitedAsync(int exitCode)
    {
        Invocation? current, pending, closing;
        TaskCompletionSource<Invocation?>? waiter;
        bool initialized, retiring, newlyReset;
        lock (_gate)
        {
            _exited = true;
            newlyReset = _current is not null && _initialized && MarkResetLocked();
            DisposeTimersLocked();
            (current, pending, closing, waiter) = (_current, _pending, _closing, _nextWaiter);
            (_current, _pending, _closing, _nextWaiter, _answered) = (null, null, null, null, null);
            (initialized, retiring) = (_initialized, _retiring);
        }

        if (newlyReset)
        {
            _pool.RecordReset();
        }

        waiter?.TrySetResult(null);

        // The pipes are drained by now; their last lines reach the console before the exit is reported.
        _cloud.FlushOutput();
        if (current is not null)
        {
            var message = LambdaErrors.ExitMessage(current.RequestId, exitCode);
            current.TrySetOutcome(Failure(current, FunctionErrorKind.RuntimeExit, LambdaErrors.ExitErrorType, message));
            current.Complete(_formatLog);
        }

        if (closing is not null)
        {
            CompleteClosed(closing);
        }

        if (pending is not null && !initialized)
        {
            if (BootstrapDiagnosis.ExplainInitExit(ResolveExecutable(), exitCode) is (var problem, var fix))
            {
                EmulatorLog.ExecutableCannotStart(_cloud.Logger, _function.Key, problem, fix);
            }

            FailInit(pending, LambdaErrors.ExitErrorType, LambdaErrors.ExitMessage(pending.RequestId, exitCode), null);
        }
        else if (pending is not null)
        {
            _pool.Redispatch(pending);
        }
        else if (current is null && !retiring)
        {
            // Also after an answer whose runtime had not yet asked for its next event: the answer was delivered,
            // so the exit belongs to no invocation, and a process that died there must still be reported.
            LogExitOutsideInvocation(exitCode);
        }

        if (_runtimeApi is { } runtimeApi)
        {
            await runtimeApi.StopAsync(TimeSpan.FromSeconds(2));
        }

        _pool.OnInstanceGone(this);
    }

    private void LogExitOutsideInvocation(int exitCode)
    {
        // Ctrl+C reaches every process of the terminal's foreground group, function processes included, often
        // before `dev` has begun to stop them: SIGINT or SIGTERM (.NET reports signal N as 128 + N) is a stop,
        // not a fault of the function.
        if (exitCode is 128 + 2 or 128 + 15)
        {
            EmulatorLog.InstanceStoppedBySignal(_cloud.Logger, _function.Key, ProcessId, exitCode);
        }
        else
        {
            EmulatorLog.InstanceExited(_cloud.Logger, _function.Key, ProcessId, exitCode);
        }
    }

    private void BeginDeliveryLocked(Invocation invocation)
    {
        // After a retried init, the handler gets what the init left of the function timeout.
        var budget = invocation.SuppressedInitTimestamp is { } retried ? TimeLeft(retried) : _function.Timeout;
        var deadline = (_cloud.Time.GetUtcNow() + budget).ToUnixTimeMilliseconds();

        // A suppressed init, re-run inside the invocation, is part of its Duration, not an Init Duration.
        var initDuration = invocation.SuppressedInitTimestamp is null ? _unreportedInitDuration : null;
        invocation.MarkDelivered(_cloud.Time.GetTimestamp(), deadline, initDuration);
        _unreportedInitDuration = null;
        MoveInitLinesLocked(invocation);
        _current = invocation;
        _timeoutBudget = budget;
        _timeoutTimer ??= _cloud.Time.CreateTimer(
            static state => ((FunctionInstance)state!).OnTimeout(),
            this,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        _timeoutTimer.Change(budget, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan TimeLeft(long since)
    {
        var left = _function.Timeout - _cloud.Time.GetElapsedTime(since);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void OnTimeout()
    {
        Invocation? invocation;
        Process? process;
        var answered = false;
        bool newlyReset;
        lock (_gate)
        {
            if (_current is { } current && TimedOutLocked(current))
            {
                invocation = current;
                _current = null;
                _closing = invocation;
                ArmGraceTimerLocked();
            }
            else if (_current is null && _answered is { } lingering && TimedOutLocked(lingering))
            {
                invocation = lingering;
                answered = true;
            }
            else
            {
                return;
            }

            _answered = null;
            _retiring = true;
            newlyReset = MarkResetLocked();
            process = _process;
        }

        if (newlyReset)
        {
            _pool.RecordReset();
        }

        // Its last words first, even a line no newline ended yet, then what ended it.
        HandOutPartialLines();
        _cloud.FlushOutput();
        if (answered)
        {
            EmulatorLog.AnsweredButNeverAskedNext(
                _cloud.Logger, _function.Key, invocation.RequestId, _function.Timeout.TotalSeconds, ProcessId);
        }
        else
        {
            var message = LambdaErrors.TimedOutMessage(invocation.RequestId, _function.Timeout);
            invocation.TrySetOutcome(
                Failure(invocation, FunctionErrorKind.Timeout, LambdaErrors.TimedOutType, message));
            if (!_cloud.Options.CallerShowsOutcomes)
            {
                EmulatorLog.InvocationTimedOut(
                    _cloud.Logger, _function.Key, invocation.RequestId, _function.Timeout.TotalSeconds, ProcessId);
            }
        }

        if (process is not null)
        {
            // Read while the process is still there: REPORT gives its last known peak once it is gone.
            _peakMemory?.ReadBytes();
            ProcessControl.KillTree(process);
        }
    }

    private bool TimedOutLocked(Invocation invocation) =>
        _timeoutTimer is { } timer
        && !ReArmedIfEarly(_cloud.Time, timer, invocation.DeliveredTimestamp, _timeoutBudget);

    /// <summary>
    /// Kills a process past its memorySize; its exit then fails the invocation as Lambda's kill does.
    /// </summary>
    private void OnMemoryExceeded(long peakBytes)
    {
        Process? process;
        string? requestId;
        lock (_gate)
        {
            if (_exited)
            {
                return;
            }

            _retiring = true;
            process = _process;
            requestId = (_current ?? _pending)?.RequestId;
        }

        _cloud.FlushOutput();

        // Rounded up: the peak is past the limit, and "128 MB, more than its memorySize of 128 MB" reads wrong.
        var peakMegabytes = (peakBytes + BytesPerMegabyte - 1) / BytesPerMegabyte;
        if (requestId is null)
        {
            EmulatorLog.MemoryExceededIdle(
                _cloud.Logger, _function.Key, peakMegabytes, _function.MemorySize, ProcessId);
        }
        else
        {
            EmulatorLog.MemoryExceeded(
                _cloud.Logger, _function.Key, peakMegabytes, _function.MemorySize, ProcessId, requestId);
        }

        if (process is not null)
        {
            ProcessControl.KillTree(process);
        }
    }

    private void OnInitTimeout()
    {
        Invocation? pending;
        Process? process;
        lock (_gate)
        {
            if (_initialized || _exited)
            {
                return;
            }

            _retiring = true;
            pending = _pending;
            _pending = null;
            process = _process;
        }

        if (pending is { SuppressedInitTimestamp: null })
        {
            // The first init passed its 10 s: Lambda starts over inside the invocation, under its timeout.
            EmulatorLog.InitRetriedInInvoke(
                _cloud.Logger, _function.Key, InitPhaseLimit.TotalSeconds, ProcessId, pending.RequestId);
            ReportFailedInit(pending, LambdaErrors.TimedOutType);
            pending.MarkSuppressedInit(_cloud.Time.GetTimestamp());
            _pool.Redispatch(pending);
        }
        else if (pending is not null)
        {
            TimeOutSuppressedInit(pending);
        }

        if (process is not null)
        {
            ProcessControl.KillTree(process);
        }
    }

    /// <summary>Fails, as the invocation's timeout, one whose suppressed init used up the function timeout.</summary>
    /// <remarks>
    /// A suppressed init runs inside the invocation, under its timeout (AWS's lifecycle page, "Init phase"), so its
    /// end is the invocation's timeout: Lambda writes the init's INIT_REPORT with "Phase: invoke Status: timeout"
    /// ("Failures during the Init phase"), then the invocation's own timeout line and a REPORT with
    /// "Status: timeout", and the caller gets Sandbox.Timedout as from any timeout.
    /// </remarks>
    private void TimeOutSuppressedInit(Invocation invocation)
    {
        MarkResetIfSuppressed(invocation);
        ReportFailedInit(invocation, LambdaErrors.TimedOutType);
        var message = LambdaErrors.TimedOutMessage(invocation.RequestId, _function.Timeout);
        var result = LambdaErrors.Result(
                invocation.RequestId, FunctionErrorKind.Timeout, LambdaErrors.TimedOutType, message)
            with { Duration = _cloud.Time.GetElapsedTime(InitStarted(invocation)) };
        invocation.TrySetOutcome(result);
        if (!_cloud.Options.CallerShowsOutcomes)
        {
            EmulatorLog.InvocationTimedOut(
                _cloud.Logger, _function.Key, invocation.RequestId, _function.Timeout.TotalSeconds, ProcessId);
        }

        invocation.Complete(_formatLog);
    }

    /// <summary>
    /// A suppressed init runs inside its invocation, so its failure is a failure of the invoke phase: Lambda resets
    /// the environment, and the next invocation re-initializes it suppressed again (a first init that fails is not a
    /// reset: its retry is what <see cref="OnInitTimeout"/> runs).
    /// </summary>
    private void MarkResetIfSuppressed(Invocation invocation)
    {
        if (invocation.SuppressedInitTimestamp is null)
        {
            return;
        }

        bool newlyReset;
        lock (_gate)
        {
            newlyReset = MarkResetLocked();
        }

        if (newlyReset)
        {
            _pool.RecordReset();
        }
    }

    /// <summary>
    /// Marks the environment reset, once; true the first time. The caller tells the pool outside the lock, before
    /// the failed invocation completes, so that a caller who calls again at once finds the reset recorded.
    /// </summary>
    private bool MarkResetLocked()
    {
        if (_reset)
        {
            return false;
        }

        _reset = true;
        return true;
    }

    /// <summary>Fails the invocation an init was run for, with Lambda's INIT_REPORT and REPORT lines.</summary>
    /// <remarks>
    /// The REPORT's Duration is the failed init's time, and it has no Init Duration. AWS's lifecycle page ("Failures
    /// during the invoke phase") says an init Lambda re-runs inside an invocation (a suppressed init) is not
    /// reported as an init of its own: its time is part of the REPORT's Duration. A retried init (after the first
    /// passed 10 s) is exactly that. After an init that failed with an error, AWS documents no retry; the emulator
    /// does not run the init again, so the one init it ran for this invocation is the time reported, which is what
    /// the caller waited for. Limitation: Lambda is seen in its logs to run such an init once more inside the
    /// invocation (a second INIT_REPORT with "Phase: invoke"), which the emulator does not do.
    /// </remarks>
    private void FailInit(Invocation invocation, string errorType, string errorMessage, byte[]? payload)
    {
        MarkResetIfSuppressed(invocation);
        ReportFailedInit(invocation, errorType);
        var result = LambdaErrors.Result(invocation.RequestId, FunctionErrorKind.InitError, errorType, errorMessage)
            with { Duration = _cloud.Time.GetElapsedTime(InitStarted(invocation)) };
        invocation.TrySetOutcome(payload is null ? result : result with { Payload = payload });
        invocation.Complete(_formatLog);
    }

    /// <summary>When the init <paramref name="invocation"/> waits for began: the retried one, or the first.</summary>
    private long InitStarted(Invocation invocation) => invocation.SuppressedInitTimestamp ?? _startTimestamp;

    /// <summary>Closes the log of an answered invocation and, when the instance is still healthy, frees it.</summary>
    private void FinishClosing(Invocation invocation)
    {
        // Outside the gate: handing out a line takes the pipe's lock, then the gate.
        HandOutPartialLines();

        bool release;
        bool lingering;
        lock (_gate)
        {
            if (_closing != invocation)
            {
                return;
            }

            _closing = null;
            _graceTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            lingering = _answered is not null;
            release = !_retiring && !_exited && !lingering;
        }

        // Free the instance first: once the caller has its answer, the instance is already idle (and its
        // idle timer armed), so a follow-up request or a test's clock sees a settled pool. A runtime still busy
        // after its answer keeps the instance until it asks for the next event.
        if (release)
        {
            _pool.OnInstanceAvailable(this);
        }
        else if (lingering)
        {
            _pool.OnInstanceLingering(this);
        }

        CompleteClosed(invocation);
    }

    /// <summary>
    /// Completes an answered invocation whose log closes now; when the log was held until the runtime finished
    /// (<see cref="LocalCloudOptions.LogsUntilNextEvent"/>), its Duration runs to now, as Lambda's runs to the
    /// runtime's next poll.
    /// </summary>
    private void CompleteClosed(Invocation invocation)
    {
        if (_cloud.Options.LogsUntilNextEvent && invocation.IsDelivered)
        {
            invocation.ExtendDuration(DurationOf(invocation));
        }

        invocation.Complete(_formatLog);
    }

    private void HandOutPartialLines()
    {
        _standardOutput?.HandOutPartialLine();
        _standardError?.HandOutPartialLine();
    }

    private void ArmGraceTimerLocked()
    {
        // Real time on purpose: this only bounds how long a log stays open for a real process's pipe.
        _closingSince = TimeProvider.System.GetTimestamp();
        _graceTimer ??= TimeProvider.System.CreateTimer(
            static state => ((FunctionInstance)state!).OnGraceElapsed(),
            this,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        _graceTimer.Change(LogGrace, Timeout.InfiniteTimeSpan);
    }

    private void OnGraceElapsed()
    {
        Invocation? closing;
        lock (_gate)
        {
            closing = _closing;
            if (closing is null
                || _graceTimer is not { } timer
                || ReArmedIfEarly(TimeProvider.System, timer, _closingSince, LogGrace))
            {
                return;
            }
        }

        FinishClosing(closing);
    }

    private void DisarmTimeoutTimerLocked() =>
        _timeoutTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private InvocationResult Failure(Invocation invocation, FunctionErrorKind kind, string errorType, string message) =>
        LambdaErrors.Result(invocation.RequestId, kind, errorType, message) with { Duration = DurationOf(invocation) };

    private TimeSpan DurationOf(Invocation invocation) =>
        !invocation.IsDelivered ? TimeSpan.Zero
            : _cloud.Time.GetElapsedTime(invocation.SuppressedInitTimestamp ?? invocation.DeliveredTimestamp);

    private string FormatLog(InvocationResult outcome, string initCaptured, string captured)
    {
        var requestId = outcome.RequestId;
        var log = new StringBuilder(initCaptured.Length + captured.Length + 256);
        log.Append(initCaptured);
        log.Append(CultureInfo.InvariantCulture, $"START RequestId: {requestId} Version: $LATEST\n");
        log.Append(captured);
        // What follows the function's lines is what InvocationResult.ClosingLogLines reads back: keep them alike.
        if (outcome.Error == FunctionErrorKind.Timeout)
        {
            var now = _cloud.Time.GetUtcNow();
            log.Append(CultureInfo.InvariantCulture, $"{now:yyyy-MM-ddTHH:mm:ss.fffZ} {outcome.ErrorMessage}\n");
        }
        else if (outcome.Error is FunctionErrorKind.RuntimeExit or FunctionErrorKind.InitError)
        {
            log.Append(outcome.ErrorMessage).Append('\n').Append(outcome.ErrorType).Append('\n');
        }

        log.Append(CultureInfo.InvariantCulture, $"END RequestId: {requestId}\n");
        log.Append(CultureInfo.InvariantCulture, $"REPORT RequestId: {requestId}\t{ReportFields(outcome)}\n");
        return log.ToString();
    }

    /// <summary>
    /// Closes a failed or timed-out init into the invocation's log as it happened: the init's own lines, then the
    /// INIT_REPORT line Lambda writes ("Failures during the Init phase"), with phase "invoke" for a suppressed init
    /// and "init" for the first. Both come before START, as every init does (see <see cref="MoveInitLinesLocked"/>).
    /// </summary>
    /// <remarks>
    /// `invoke local` prints the line as it is written, among the function's own lines, where the log has it.
    /// </remarks>
    private void ReportFailedInit(Invocation invocation, string errorType)
    {
        lock (_gate)
        {
            MoveInitLinesLocked(invocation);
        }

        var milliseconds = _cloud.Time.GetElapsedTime(InitStarted(invocation)).TotalMilliseconds;
        var phase = invocation.SuppressedInitTimestamp is null ? "init" : "invoke";
        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"INIT_REPORT Init Duration: {milliseconds:0.00} ms\tPhase: {phase}\t{FailureStatus(errorType)}");
        invocation.AppendLog(report, initPhase: true);
        if (_cloud.Options.CallerShowsOutcomes)
        {
            _cloud.WriteOutput(_function.Key, FunctionOutputStream.Platform, report);
        }
    }

    private string ReportFields(InvocationResult outcome)
    {
        var duration = outcome.Duration.TotalMilliseconds;
        var fields = new StringBuilder();
        fields.Append(CultureInfo.InvariantCulture, $"Duration: {duration:0.00} ms\t");
        fields.Append(CultureInfo.InvariantCulture, $"Billed Duration: {BilledMilliseconds(outcome):0} ms\t");
        fields.Append(CultureInfo.InvariantCulture, $"Memory Size: {_function.MemorySize} MB\t");
        if (PeakMemoryMegabytes() is { } peak)
        {
            fields.Append(CultureInfo.InvariantCulture, $"Max Memory Used: {peak} MB\t");
        }

        if (outcome.InitDuration is { } init)
        {
            fields.Append(CultureInfo.InvariantCulture, $"Init Duration: {init.TotalMilliseconds:0.00} ms\t");
        }

        if (ResetsEnvironment(outcome.Error))
        {
            fields.Append(FailureStatus(outcome.ErrorType ?? LambdaErrors.UnknownType)).Append('\t');
        }

        return fields.ToString();
    }

    /// <summary>REPORT's "Billed Duration": the invocation's time and a cold start's init, rounded up in ms.</summary>
    /// <remarks>
    /// Lambda bills INIT on every custom runtime (provided.*), which every Stratus function runs on, and since
    /// 1 August 2025 on every on-demand function ("AWS Lambda standardizes billing for INIT Phase", AWS Compute
    /// Blog), so a cold start's Billed Duration is ceil(Duration + Init Duration). A suppressed init has no Init
    /// Duration: its time is already part of Duration, so it is billed once.
    /// </remarks>
    private static double BilledMilliseconds(InvocationResult outcome)
    {
        var billed = outcome.Duration + (outcome.InitDuration ?? TimeSpan.Zero);
        return Math.Max(1, Math.Ceiling(billed.TotalMilliseconds));
    }

    /// <summary>
    /// Whether a failure is one after which Lambda resets the execution environment: a timeout, a crash (an out of
    /// memory kill is one) or a failed init. AWS's lifecycle page ("Failures during the invoke phase") shows the
    /// REPORT of such a failure ending in a Status field, and of a crash also in an Error Type.
    /// </summary>
    /// <remarks>
    /// AWS's examples show a Status only for a crash and a timeout; a failed init is given one as the same kind of
    /// reset. A handler's error (posted to /invocation/error) leaves the environment running, and AWS documents no
    /// Status for it, for a success or for a response over 6 MB, so none is written there.
    /// </remarks>
    private static bool ResetsEnvironment(FunctionErrorKind? error) =>
        error is FunctionErrorKind.Timeout or FunctionErrorKind.RuntimeExit or FunctionErrorKind.InitError;

    /// <summary>
    /// The Status field INIT_REPORT and REPORT lines end with after a failure: "Status: timeout", or "Status: error"
    /// followed by the Error Type (tab-separated, as Lambda writes its fields).
    /// </summary>
    private static string FailureStatus(string errorType) =>
        errorType == LambdaErrors.TimedOutType ? "Status: timeout" : $"Status: error\tError Type: {errorType}";

    /// <summary>REPORT's "Max Memory Used": the process's peak, never above memorySize.</summary>
    /// <remarks>
    /// Lambda's figure is its sandbox's, which the memory limit caps: a function killed for its memory reports
    /// its memorySize there. Locally the process is measured after it passed the limit, so the figure is capped
    /// to match; the console's kill warning gives the real peak.
    /// Lambda gives the figure after every failure too. A process that crashed, timed out or was killed is gone
    /// with its /proc figure, so the last peak the emulator read is reported: the latest 100 ms memory poll, the
    /// reading taken when the event was delivered, or the one just before a kill. Limitation: growth after that
    /// last reading is missed (a process that allocates and crashes within one poll reports less than it used),
    /// and a process that ended before any reading (one that exits during init in under 100 ms) reports no
    /// Max Memory Used at all, nor does a process that could not be started, nor one whose only reading was taken
    /// before it had loaded (<see cref="PeakMemory.ReportedMegabytes"/>). Each process has its own PeakMemory,
    /// made when it starts, so no figure of an earlier process of the function is ever reported.
    /// </remarks>
    private long? PeakMemoryMegabytes()
    {
        var peakBytes = _peakMemory?.ReadBytes() ?? _peakMemory?.LastKnownBytes;
        return PeakMemory.ReportedMegabytes(peakBytes, _function.MemorySize);
    }

    private void MoveInitLinesLocked(Invocation invocation)
    {
        if (_initLines is null)
        {
            return;
        }

        // A suppressed init's lines come before START too: Lambda writes START once the init is done. The lifecycle
        // page's example of one ("Failures during the invoke phase") has START only 2.5 s before a REPORT whose
        // Duration, init included, is 3.02 s; and Lambda's logs show a failed one's INIT_REPORT with
        // "Phase: invoke" before START.
        foreach (var line in _initLines)
        {
            invocation.AppendLog(line, initPhase: true);
        }

        _initLines = null;
    }

    private void DisarmIdleTimerLocked() =>
        _idleTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void DisposeTimersLocked()
    {
        _initTimer?.Dispose();
        _timeoutTimer?.Dispose();
        _graceTimer?.Dispose();
        _idleTimer?.Dispose();
        (_initTimer, _timeoutTimer, _graceTimer, _idleTimer) = (null, null, null, null);
    }
}
