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

    // Single files are polled, not watched: a build tool that cleans its output folder (rm -rf bin, cargo clean)
    // deletes the folder a watch would sit on, and the watch would end with it.
    private static readonly TimeSpan FilePollInterval = TimeSpan.FromMilliseconds(500);

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Dictionary<string, (bool Exists, DateTime Written, long Length)> _files;
    private readonly ITimer? _poll;
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
    /// Single files watched wherever they are, even under bin (a Go build's zip) or target (a Rust one's), and
    /// through their folder being deleted and made again.
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
                _watchers.Add(CreateWatcher(folder, pattern));
            }
        }

        _files = files.Distinct(StringComparer.Ordinal).ToDictionary(file => file, Stamp, StringComparer.Ordinal);
        _poll = _files.Count == 0
            ? null
            : time.CreateTimer(_ => PollFiles(), null, FilePollInterval, FilePollInterval);
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

        _poll?.Dispose();
        _debounce.Dispose();
        _changes.Writer.TryComplete();
    }

    private void PollFiles()
    {
        // A timer's callbacks may overlap when one runs long (a slow disk); one poll at a time.
        lock (_files)
        {
            foreach (var (file, known) in _files.ToList())
            {
                var now = Stamp(file);
                if (now != known)
                {
                    _files[file] = now;
                    Record(file);
                }
            }
        }
    }

    private static (bool Exists, DateTime Written, long Length) Stamp(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? (true, info.LastWriteTimeUtc, info.Length) : (false, default, 0);
    }

    private void Record(string path)
    {
        lock (_gate)
        {
            _lastPath = path;
            _debounce.Change(_delay, Timeout.InfiniteTimeSpan);
        }
    }

    private FileSystemWatcher CreateWatcher(string folder, string pattern)
    {
        var watcher = new FileSystemWatcher(folder, pattern)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, e) => OnChanged(e.FullPath);
        watcher.Created += (_, e) => OnChanged(e.FullPath);
        watcher.Deleted += (_, e) => OnChanged(e.FullPath);
        watcher.Renamed += (_, e) => OnChanged(e.FullPath);
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
