using System.Security.Cryptography;
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

    // Build output and Stratus's own state change on every build; reacting to them would rebuild forever. Editors'
    // own folders hold no sources.
    private static readonly string[] IgnoredFolders =
        ["bin", "obj", ".stratus", ".git", "node_modules", ".vs", ".vscode", ".idea"];

    // Single files are polled, not watched: a build tool that cleans its output folder (rm -rf bin, cargo clean)
    // deletes the folder a watch would sit on, and the watch would end with it.
    private static readonly TimeSpan FilePollInterval = TimeSpan.FromMilliseconds(500);

    private readonly Dictionary<string, List<FileSystemWatcher>> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStamp> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FileStamp> _settling = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private ITimer? _poll;
    private readonly Channel<string> _changes = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Lock _gate = new();
    private readonly ITimer _debounce;
    private readonly TimeSpan _delay;
    private string? _lastPath;

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
        _time = time;
        _debounce = time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Retarget(folders, files);
    }

    /// <summary>
    /// Watches these folders and files from now on, as after the service was read again. What was watched
    /// already keeps its watch and a file its last stamp, so a save made while the new version was being read or
    /// built is still reported.
    /// </summary>
    public void Retarget(IEnumerable<string> folders, IEnumerable<string> files)
    {
        var wantedFolders = folders.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _folders.Keys.Where(folder => !wantedFolders.Contains(folder)).ToList())
        {
            _folders[gone].ForEach(watcher => watcher.Dispose());
            _folders.Remove(gone);
        }

        foreach (var folder in wantedFolders.Where(folder => !_folders.ContainsKey(folder)))
        {
            _folders[folder] = WatchFolder(folder);
        }

        var wantedFiles = files.ToHashSet(StringComparer.Ordinal);
        lock (_files)
        {
            foreach (var gone in _files.Keys.Where(file => !wantedFiles.Contains(file)).ToList())
            {
                _files.Remove(gone);
                _settling.Remove(gone);
            }

            foreach (var file in wantedFiles.Where(file => !_files.ContainsKey(file)))
            {
                _files[file] = Stamp(file);
            }

            if (_files.Count > 0)
            {
                _poll ??= _time.CreateTimer(_ => PollFiles(), null, FilePollInterval, FilePollInterval);
            }
        }
    }

    private List<FileSystemWatcher> WatchFolder(string folder)
    {
        var watchers = Patterns
            .Select(pattern => CreateWatcher(
                folder, pattern, NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size))
            .ToList();

        // A folder of sources moved in, out or renamed (an IDE's "move folder") changes no file's name inside
        // it that a file watch would see. Folders only: a file of any name (an editor's or sed's temporary
        // file, notes.txt) is no source, and would be reported as the change.
        watchers.Add(CreateWatcher(folder, "*", NotifyFilters.DirectoryName));
        return watchers;
    }

    /// <summary>Waits for the next debounced change and returns the last path that changed in it.</summary>
    public ValueTask<string> WaitForChangeAsync(CancellationToken cancellationToken) =>
        _changes.Reader.ReadAsync(cancellationToken);

    /// <summary>Records a change under the watched <paramref name="folder"/>, unless it is build output.</summary>
    public void OnChanged(string folder, string path)
    {
        if (!IsIgnored(folder, path))
        {
            Record(path);
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _folders.Values.SelectMany(watchers => watchers))
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
                // Reported once it reads the same on two polls in a row: a zip still being written is not one.
                var now = Stamp(file);
                if (now == known)
                {
                    _settling.Remove(file);
                }
                else if (_settling.TryGetValue(file, out var earlier) && earlier == now)
                {
                    _settling.Remove(file);
                    _files[file] = now;
                    Record(file);
                }
                else
                {
                    _settling[file] = now;
                }
            }
        }
    }

    // The hash of the file's end too: a new zip brought with its time kept (cp -p, rsync -a, a build tool's fixed
    // times) can match the old one in size and write time, but a zip's end is its directory, which holds every
    // entry's CRC. 64 KB every 500 ms is nothing to read.
    private static FileStamp Stamp(string file)
    {
        const int TailBytes = 64 * 1024;
        try
        {
            const FileShare AnySharing = FileShare.ReadWrite | FileShare.Delete;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, AnySharing);
            var tail = new byte[(int)Math.Min(TailBytes, stream.Length)];
            stream.Seek(-tail.Length, SeekOrigin.End);
            stream.ReadExactly(tail);
            var written = File.GetLastWriteTimeUtc(file);
            return new FileStamp(true, written, stream.Length, BitConverter.ToInt64(SHA256.HashData(tail)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Missing, or going away mid-read: reads as absent until it is back and settled.
            return new FileStamp(false, default, 0, 0);
        }
    }

    private readonly record struct FileStamp(bool Exists, DateTime Written, long Length, long TailHash);

    private void Record(string path)
    {
        lock (_gate)
        {
            _lastPath = path;
            _debounce.Change(_delay, Timeout.InfiniteTimeSpan);
        }
    }

    private FileSystemWatcher CreateWatcher(string folder, string pattern, NotifyFilters filters)
    {
        var watcher = new FileSystemWatcher(folder, pattern)
        {
            IncludeSubdirectories = true,
            NotifyFilter = filters,
        };
        watcher.Changed += (_, e) => OnChanged(folder, e.FullPath);
        watcher.Created += (_, e) => OnChanged(folder, e.FullPath);
        watcher.Deleted += (_, e) => OnChanged(folder, e.FullPath);
        watcher.Renamed += (_, e) => OnChanged(folder, e.FullPath);
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

    // Only below the watched folder: a service that itself sits under a folder named bin must still be watched.
    private static bool IsIgnored(string folder, string path)
    {
        var segments = Path.GetRelativePath(folder, path)
            .Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return segments.Any(segment => IgnoredFolders.Contains(segment, StringComparer.Ordinal));
    }
}
