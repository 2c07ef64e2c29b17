using Stratus.Cli.Errors;
using Stratus.Local;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>
/// `stratus dev`'s watch loop: on a source change it rebuilds and swaps the new build into the running local
/// cloud; a build that fails prints the compiler errors and leaves the running version serving.
/// </summary>
/// <remarks>
/// Limitation: only the functions projects' own folders are watched for rebuilds, so a change to a shared
/// Directory.Build.props above them needs a restart of `stratus dev`; a change to serverless.yml is announced
/// (see <see cref="ServiceFileWatcher"/>) but also needs a restart.
/// Limitation: the managed build replaces its `.stratus/build` snapshot folder, so an old process that is still
/// draining and loads an assembly lazily after the swap can fail that one invocation.
/// </remarks>
internal sealed class ReloadCoordinator
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly DevSession _session;
    private readonly CliConsole _console;
    private readonly IFunctionOutputSink _output;
    private readonly bool _packaged;

    public ReloadCoordinator(DevSession session, CliConsole console, IFunctionOutputSink output, bool packaged)
    {
        _session = session;
        _console = console;
        _output = output;
        _packaged = packaged;
    }

    /// <summary>Watches and reloads until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var service = _session.Service;
        var watched = WatchedFolders.Of(service);
        var artifacts = PrebuiltArtifacts.Paths(service);
        using var watcher = new SourceWatcher(watched.Folders, artifacts, Debounce, TimeProvider.System);
        var configName = Path.GetFileName(service.ConfigPath);
        using var configWatcher = new ServiceFileWatcher(
            service.ConfigPath,
            () => _console.Error.WriteLine(
                $"{configName} changed: this `stratus dev` keeps the configuration it started with; stop it " +
                "(Ctrl+C) and start it again to apply new functions, routes or settings."),
            TimeProvider.System);
        if (watched.Folders.Count > 0 || artifacts.Count == 0)
        {
            await _console.Error.WriteLineAsync(
                $"Watching {watched.Folders.Count} project folder(s) (functions projects and the projects they " +
                "reference); a saved change rebuilds and reloads.");
        }

        if (artifacts.Count > 0)
        {
            var names = string.Join(", ", artifacts.Select(path => Path.GetRelativePath(service.Directory, path)));
            await _console.Error.WriteLineAsync(
                $"Watching the prebuilt artifact(s) {names}; a new zip reloads the service.");
        }

        if (watched.Unfollowed.Count > 0)
        {
            await _console.Error.WriteLineAsync(
                $"Not watched: {string.Join(", ", watched.Unfollowed.Select(reference => $"'{reference}'"))}, " +
                "a ProjectReference built from an MSBuild property; after editing it, save a file of the functions " +
                "project (or write the path relative to the project) to rebuild.");
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = await watcher.WaitForChangeAsync(cancellationToken);
            await ReloadAsync(changed, cancellationToken);
        }
    }

    private async Task ReloadAsync(string changed, CancellationToken cancellationToken)
    {
        var service = _session.Service;
        var relative = Path.GetRelativePath(service.Directory, changed);
        await _console.Error.WriteLineAsync($"Changed: {relative}; rebuilding...");
        ServiceBuild build;
        try
        {
            build = await DevBuild.BuildAsync(service, _packaged, progress: null, cancellationToken);
        }
        catch (BuildFailedException failure)
        {
            await _console.Error.WriteLineAsync(
                $"error: the functions project '{failure.ProjectPath}' does not compile; the previous build keeps " +
                "serving:\n  " + string.Join("\n  ", failure.Errors));
            return;
        }
        catch (IOException failure)
        {
            // A file locked or removed mid-build is worth a message and the next save, not the whole session.
            await _console.Error.WriteLineAsync(
                $"error: the rebuild failed reading or writing files: {failure.Message}; the previous build " +
                "keeps serving.");
            return;
        }
        catch (ConfigException failure)
        {
            await _console.Error.WriteLineAsync(
                "The rebuild was refused; the previous build keeps serving:\n" +
                ErrorReporter.FormatConfigErrors(failure));
            return;
        }

        var options = LocalCloudMapper.ToOptions(service, build, port: 0, _output, _console.LoggerFactory);
        var draining = _session.Cloud.ReplaceFunctionsAsync(options.Functions, cancellationToken);
        await _console.Error.WriteLineAsync("Reloaded: new requests run the new build.");
        await draining;
    }
}
