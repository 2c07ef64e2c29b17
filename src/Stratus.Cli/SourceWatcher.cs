using System.Threading.Channels;

namespace Stratus.Cli;

/// <summary>
/// Watches the functions projects' folders for source changes (<c>*.cs</c>, <c>*.csproj</c>, <c>*.props</c>), and
/// single files such as prebuilt artifacts, and reports one change per burst of edits, once the files have been
/// quiet for the debounce delay.
/// </summary>
internal sealed class SourceWatcher : IDisposable
{
    private static readonly string[] Patterns = ["*.cs", "*.csproj", "*.props"];

    // Build output and Stratus's own state change on every build; reacting to them would rebuild forever.
    private static readonly string[] IgnoredFolders = ["bin", "obj", ".stratus", ".git", "node_modules"];

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Channel<string> _changes = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Lock _gate = new();
    private readonly ITimer _debounce;
    private readonly TimeSpan _delay;
    private string? _lastPath;

    public SourceWatcher(IEnumerable<string> folders, TimeSpan delay, TimeProvider time)
        : this(folders, [], delay, time)
    {
    }

    /// <param name="folders">Folders whose sources are watched, subfolders included (bin and obj aside).</param>
    /// <param name="files">
    /// Single files watched wherever they are, even under bin (a Go build's zip) or target (a Rust one's).
    /// </param>
    /// <param name="delay">How long the files must be quiet before a change is reported.</param>
    /// <param name="time">Drives the debounce.</param>
    public SourceWatcher(IEnumerable<string> folders, IEnumerable<string> files, TimeSpan delay, TimeProvider time)
    {
        _delay = delay;
        _debounce = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        foreach (var folder in folders.Distinct(StringComparer.Ordinal))
        {
            foreach (var pattern in Patterns)
            {
                _watchers.Add(CreateWatcher(folder, pattern, includeSubdirectories: true, OnChanged));
            }
        }

        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            if (Path.GetDirectoryName(file) is { } folder && Directory.Exists(folder))
            {
                _watchers.Add(CreateWatcher(folder, Path.GetFileName(file), includeSubdirectories: false, Record));
            }
        }
    }

    /// <summary>Waits for the next debounced change and returns the last path that changed in it.</summary>
    public ValueTask<string> WaitForChangeAsync(CancellationToken cancellationToken) =>
        _changes.Reader.ReadAsync(cancellationToken);

    /// <summary>Records a change; public so tests and the watchers share one path.</summary>
    public void OnChanged(string path)
    {
        if (!IsIgnored(path))
        {
            Record(path);
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce.Dispose();
        _changes.Writer.TryComplete();
    }

    private void Record(string path)
    {
        lock (_gate)
        {
            _lastPath = path;
            _debounce.Change(_delay, Timeout.InfiniteTimeSpan);
        }
    }

    private static FileSystemWatcher CreateWatcher(
        string folder,
        string pattern,
        bool includeSubdirectories,
        Action<string> onChanged)
    {
        var watcher = new FileSystemWatcher(folder, pattern)
        {
            IncludeSubdirectories = includeSubdirectories,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };

        // A zip tool writes a temporary file and renames it over the artifact: the new name is what matches.
        watcher.Changed += (_, e) => onChanged(e.FullPath);
        watcher.Created += (_, e) => onChanged(e.FullPath);
        watcher.Deleted += (_, e) => onChanged(e.FullPath);
        watcher.Renamed += (_, e) => onChanged(e.FullPath);
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void Flush()
    {
        string? path;
        lock (_gate)
        {
            path = _lastPath;
            _lastPath = null;
        }

        if (path is not null)
        {
            // A rebuild already pending covers this change too, so a full channel drops it.
            _changes.Writer.TryWrite(path);
        }
    }

    private static bool IsIgnored(string path)
    {
        var segments = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return segments.Any(segment => IgnoredFolders.Contains(segment, StringComparer.Ordinal));
    }
}
