using Stratus.Cli.Errors;
using Stratus.Cli.Output;
using Stratus.Local;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>
/// `stratus dev`'s watch loop: on a source change it rebuilds and swaps the new build into the running local
/// cloud; on a change to serverless.yml (or a file it includes, or its .env) it reads the service again, builds
/// and swaps the new version in, functions, routes, schedules and API settings alike. A build or a configuration
/// that fails prints its errors and leaves the running version serving.
/// </summary>
/// <remarks>
/// A configuration that reads well but does not build (a handler class not written yet) is kept waiting: the next
/// source change builds it, not the running version, so writing the class is enough.
/// Limitation: only the functions projects' own folders are watched for rebuilds, so a change to a shared
/// Directory.Build.props above them needs a restart of `stratus dev`; so does a new stage or region in
/// serverless.yml (REST paths and every ARN carry them), which `dev` says.
/// Each build runs from a folder of its own, so a process of the old version that is still draining loads the old
/// version's files, whatever it loads for the first time after the swap.
/// </remarks>
internal sealed class ReloadCoordinator
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private const string PreviousBuildServes = "the previous build keeps serving";
    private const string RunningVersionServes = "the running version keeps serving";

    private readonly DevSession _session;
    private readonly Func<ServiceDefinition> _loadService;
    private readonly CliConsole _console;
    private readonly IFunctionOutputSink _output;
    private readonly bool _packaged;
    private SourceWatcher? _sources;
    private SourceWatcher? _configuration;
    private WatchedFolders? _announced;

    // A configuration that read well but did not build; the next source change builds it instead.
    private ServiceDefinition? _waiting;

    /// <param name="session">The running service.</param>
    /// <param name="loadService">Reads serverless.yml again, with the options `dev` was started with.</param>
    /// <param name="console">Where reloads are reported.</param>
    /// <param name="output">The function processes' output, for the new version's processes.</param>
    /// <param name="packaged">Whether `dev` runs the packaged artifacts.</param>
    public ReloadCoordinator(
        DevSession session,
        Func<ServiceDefinition> loadService,
        CliConsole console,
        IFunctionOutputSink output,
        bool packaged)
    {
        _session = session;
        _loadService = loadService;
        _console = console;
        _output = output;
        _packaged = packaged;
    }

    /// <summary>Watches and reloads until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The watchers live as long as the loop, and are pointed at what each new version uses: a save made while
        // a version is being read or built is still seen once it is served.
        var service = _session.Service;
        var watched = WatchedFolders.Of(service);
        var artifacts = PrebuiltArtifacts.Paths(service);
        using var sources = new SourceWatcher(watched.Folders, artifacts, Debounce, TimeProvider.System);
        using var configuration = new SourceWatcher([], service.ConfigFiles, Debounce, TimeProvider.System);
        (_sources, _configuration) = (sources, configuration);
        await AnnounceAsync(service, watched, artifacts);

        var sourceChange = sources.WaitForChangeAsync(cancellationToken).AsTask();
        var configurationChange = configuration.WaitForChangeAsync(cancellationToken).AsTask();
        try
        {
            while (true)
            {
                var first = await Task.WhenAny(sourceChange, configurationChange);
                var changed = await first;
                if (first == configurationChange)
                {
                    await ReconfigureAsync(changed, cancellationToken);
                    configurationChange = configuration.WaitForChangeAsync(cancellationToken).AsTask();
                }
                else
                {
                    await RebuildAsync(changed, cancellationToken);
                    sourceChange = sources.WaitForChangeAsync(cancellationToken).AsTask();
                }
            }
        }
        finally
        {
            // The wait left pending ends with its watcher; its end is expected, not an error to surface.
            _ = sourceChange.ContinueWith(static wait => wait.Exception, TaskScheduler.Default);
            _ = configurationChange.ContinueWith(static wait => wait.Exception, TaskScheduler.Default);
        }
    }

    private async Task RebuildAsync(string changed, CancellationToken cancellationToken)
    {
        var service = _session.Service;
        var relative = Path.GetRelativePath(service.Directory, changed);
        await _console.Error.WriteLineAsync($"Changed: {relative}; rebuilding...");
        if (_waiting is { } waiting)
        {
            await ServeAsync(waiting, PreviousBuildServes, cancellationToken);
            return;
        }

        if (await BuildAsync(service, PreviousBuildServes, cancellationToken) is not { } build)
        {
            return;
        }

        var draining = _session.ReplaceServiceAsync(service, build, _output, _console, cancellationToken);
        await _console.Error.WriteLineAsync("Reloaded: new requests run the new build.");
        await draining;
    }

    /// <summary>
    /// Reads the service again and serves it; on failure says why, and the running version serves on.
    /// </summary>
    private async Task ReconfigureAsync(string changed, CancellationToken cancellationToken)
    {
        var running = _session.Service;
        var relative = Path.GetRelativePath(running.Directory, changed);
        await _console.Error.WriteLineAsync($"Changed: {relative}; reading the service again...");

        // The file now says something else: a version waiting for its build is no longer what it means.
        _waiting = null;
        ServiceDefinition service;
        try
        {
            service = _loadService();
            LocalCloudMapper.CheckSchedules(service);
        }
#pragma warning disable CA1031 // A configuration that does not load must never stop the version that serves.
        catch (Exception failure) when (failure is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // The files it looked for are watched too: creating or fixing one of them is the usual fix.
            if (failure is ConfigException { ConfigFiles.Count: > 0 } config)
            {
                _configuration!.Retarget([], running.ConfigFiles.Union(config.ConfigFiles, StringComparer.Ordinal));
            }

            await ReportRefusalAsync($"The new configuration was refused; {RunningVersionServes}:", failure);
            return;
        }

        if (service.Stage != running.Stage || service.Region != running.Region)
        {
            await _console.Error.WriteLineAsync(
                $"The service now reads as stage '{service.Stage}', region '{service.Region}', where `stratus dev` " +
                $"serves '{running.Stage}', '{running.Region}'; {RunningVersionServes}. Stop it (Ctrl+C) and start " +
                "it again to serve the new stage or region.");
            return;
        }

        await ServeAsync(service, RunningVersionServes, cancellationToken);
    }

    /// <summary>
    /// Builds a new version of the service and serves it; one that does not build waits for the next source change.
    /// </summary>
    private async Task ServeAsync(ServiceDefinition service, string keeps, CancellationToken cancellationToken)
    {
        if (await BuildAsync(service, keeps, cancellationToken) is not { } build)
        {
            _waiting = service;
            WatchBoth(_session.Service, service);
            await _console.Error.WriteLineAsync(
                "The new configuration waits for a build that succeeds: the next saved source change builds it.");
            return;
        }

        _waiting = null;
        Task draining;
        try
        {
            draining = _session.ReplaceServiceAsync(service, build, _output, _console, cancellationToken);
            if (draining.IsFaulted)
            {
                await draining;
            }
        }
        catch (ArgumentException refused)
        {
            await _console.Error.WriteLineAsync($"The new version could not be served; {keeps}: {refused.Message}");
            return;
        }

        await _console.Error.WriteLineAsync("Reloaded the service: new requests run the new version.");
        await _console.Out.WriteLineAsync(RouteTable.Format(_session));
        if (ScheduleList.Format(service) is { Length: > 0 } schedules)
        {
            await _console.Out.WriteLineAsync(schedules);
        }

        var warnings = EmulationWarnings.Find(service).Concat(EnvironmentSize.Check(service));
        ConfigWarningOutput.Write(_console.Error, warnings);

        var watched = WatchedFolders.Of(service);
        var artifacts = PrebuiltArtifacts.Paths(service);
        _sources!.Retarget(watched.Folders, artifacts);
        _configuration!.Retarget([], service.ConfigFiles);
        await AnnounceAsync(service, watched, artifacts);
        await draining;
    }

    /// <summary>Watches what the running version and a waiting one use, so a change to either is seen.</summary>
    private void WatchBoth(ServiceDefinition running, ServiceDefinition waiting)
    {
        var folders = WatchedFolders.Of(running).Folders.Union(WatchedFolders.Of(waiting).Folders);
        var artifacts = PrebuiltArtifacts.Paths(running).Union(PrebuiltArtifacts.Paths(waiting));
        _sources!.Retarget(folders, artifacts);
        _configuration!.Retarget([], running.ConfigFiles.Union(waiting.ConfigFiles));
    }

    private async Task AnnounceAsync(ServiceDefinition service, WatchedFolders watched, IReadOnlyList<string> artifacts)
    {
        var first = _announced is null;
        var sameFolders = _announced is not null && _announced.Folders.SequenceEqual(watched.Folders)
            && _announced.Unfollowed.SequenceEqual(watched.Unfollowed);
        _announced = watched;
        if (sameFolders)
        {
            return;
        }

        if (watched.Folders.Count > 0 || artifacts.Count == 0)
        {
            await _console.Error.WriteLineAsync(
                $"Watching {watched.Folders.Count} project folder(s) (functions projects and the projects they " +
                "reference); a saved change rebuilds and reloads.");
        }

        if (first && artifacts.Count > 0)
        {
            var names = string.Join(", ", artifacts.Select(path => Path.GetRelativePath(service.Directory, path)));
            await _console.Error.WriteLineAsync(
                $"Watching the prebuilt artifact(s) {names}; a new zip reloads the service.");
        }

        if (first)
        {
            await _console.Error.WriteLineAsync(
                $"Watching {Path.GetFileName(service.ConfigPath)}; a saved change reloads the whole service.");
        }

        if (watched.Unfollowed.Count > 0)
        {
            await _console.Error.WriteLineAsync(
                $"Not watched: {string.Join(", ", watched.Unfollowed.Select(reference => $"'{reference}'"))}, " +
                "a ProjectReference built from an MSBuild property; after editing it, save a file of the functions " +
                "project (or write the path relative to the project) to rebuild.");
        }
    }

    /// <summary>Builds the service; on failure says why, that <paramref name="keeps"/>, and returns null.</summary>
    private async Task<ServiceBuild?> BuildAsync(
        ServiceDefinition service,
        string keeps,
        CancellationToken cancellationToken)
    {
        try
        {
            return await DevBuild.BuildAsync(service, _packaged, progress: null, cancellationToken);
        }
        catch (BuildFailedException failure)
        {
            await _console.Error.WriteLineAsync(
                $"error: the functions project '{failure.ProjectPath}' does not compile; {keeps}:\n  " +
                string.Join("\n  ", failure.Errors));
        }
        catch (IOException failure)
        {
            // A file locked or removed mid-build is worth a message and the next save, not the whole session.
            await _console.Error.WriteLineAsync(
                $"error: the rebuild failed reading or writing files: {failure.Message}; {keeps}.");
        }
        catch (ConfigException failure)
        {
            await ReportRefusalAsync($"The rebuild was refused; {keeps}:", failure);
        }

        return null;
    }

    private Task ReportRefusalAsync(string headline, Exception failure)
    {
        var (text, _) = ErrorReporter.Describe(failure);
        return _console.Error.WriteLineAsync(headline + "\n" + DisplayText.Escaped(text, keepLineBreaks: true));
    }
}
