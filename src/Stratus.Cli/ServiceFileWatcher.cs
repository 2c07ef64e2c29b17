namespace Stratus.Cli;

/// <summary>
/// Notices saves of the service file while `stratus dev` runs, so the developer learns that the running service
/// still has the configuration it started with, instead of wondering why a new route answers 404.
/// </summary>
/// <remarks>
/// Limitation: it tells, it does not reload: functions, routes, schedules and the local cloud's options are
/// built once from serverless.yml at start.
/// </remarks>
internal sealed class ServiceFileWatcher : IDisposable
{
    // Editors save in bursts (write, rename, touch); one notice per burst is enough.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);

    private readonly FileSystemWatcher _watcher;
    private readonly Action _onChange;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastNotice;

    public ServiceFileWatcher(string configPath, Action onChange, TimeProvider time)
    {
        _onChange = onChange;
        _time = time;
        var full = Path.GetFullPath(configPath);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += (_, _) => OnChanged();
        _watcher.Created += (_, _) => OnChanged();
        _watcher.Renamed += (_, _) => OnChanged();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Records a save; calls the callback unless one was made within the quiet period.</summary>
    public void OnChanged()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_lastNotice != 0 && _time.GetElapsedTime(_lastNotice, now) < Quiet)
            {
                return;
            }

            _lastNotice = now;
        }

        _onChange();
    }

    public void Dispose() => _watcher.Dispose();
}
