namespace Stratus.Packaging.Internal;

/// <summary>
/// A hold on a folder function processes run from (a build under `.stratus/build/`, an unzipped artifact under
/// `.stratus/run/`), kept as a lock on the file `&lt;folder&gt;.lock` beside it: a folder is removed only by whoever
/// can lock it alone, so no session deletes what another, or one of its own older processes, still runs.
/// </summary>
/// <remarks>
/// The OS drops the lock when its process dies, so the folders of a session that crashed are free to remove.
/// Several sessions may share one unzipped artifact (a shared lock each); a build is its session's alone.
/// </remarks>
internal sealed class FolderLease : IFolderHold
{
    private const string LockSuffix = ".lock";
    private const string ManifestSuffix = ".manifest";

    private readonly FileStream _lock;
    private int _released;

    private FolderLease(string folder, FileStream handle)
    {
        Folder = folder;
        _lock = handle;
    }

    /// <summary>The folder held.</summary>
    public string Folder { get; }

    /// <summary>Holds <paramref name="folder"/> alone (a new build, an unzip under way).</summary>
    /// <exception cref="IOException">Another holds it.</exception>
    public static FolderLease Own(string folder) =>
        TryHold(folder, FileShare.None) ?? throw new IOException($"The folder '{folder}' is in use.");

    /// <summary>Holds <paramref name="folder"/> alongside other sessions; null while one owns it alone.</summary>
    public static FolderLease? TryShare(string folder) => TryHold(folder, FileShare.Read);

    /// <summary>The file beside <paramref name="folder"/> that records what an unzip left in it.</summary>
    public static string ManifestOf(string folder) => folder + ManifestSuffix;

    /// <summary>Lets the folder go; it stays on disk, for the next session to reuse or remove.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _lock.Dispose();
        }
    }

    /// <summary>Lets the folder go and removes it if no one else holds it.</summary>
    public void Retire()
    {
        Dispose();
        RemoveIfUnused(Folder);
    }

    /// <summary>
    /// Removes every folder under <paramref name="root"/> that no process holds: earlier builds and unzips, those
    /// of a session that crashed, and files of an older layout.
    /// </summary>
    public static void RemoveUnused(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            RemoveIfUnused(folder);
        }

        foreach (var file in Directory.EnumerateFiles(root))
        {
            var folder = file.EndsWith(LockSuffix, StringComparison.Ordinal) ? file[..^LockSuffix.Length]
                : file.EndsWith(ManifestSuffix, StringComparison.Ordinal) ? file[..^ManifestSuffix.Length]
                : null;
            if (folder is null)
            {
                TryDelete(() => File.Delete(file));
            }
            else if (!Directory.Exists(folder))
            {
                RemoveIfUnused(folder);
            }
        }
    }

    /// <summary>Deletes a folder whose entries may have been made read-only, as an unzip leaves them.</summary>
    public static void DeleteFolder(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            AllowWriting(new DirectoryInfo(folder));
        }

        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Gives the folder and those under it write permission back: removing an entry needs it.</summary>
    private static void AllowWriting(DirectoryInfo directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        directory.UnixFileMode |= UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        foreach (var child in directory.EnumerateDirectories().Where(child => child.LinkTarget is null))
        {
            AllowWriting(child);
        }
    }

    private static void RemoveIfUnused(string folder)
    {
        using var alone = TryHold(folder, FileShare.None);
        if (alone is null)
        {
            return;
        }

        // The lock file goes last, while still locked: a session that opened it meanwhile finds it gone and retries.
        var removed = TryDelete(() =>
        {
            if (Directory.Exists(folder))
            {
                DeleteFolder(folder);
            }

            File.Delete(ManifestOf(folder));
        });
        if (removed)
        {
            TryDelete(() => File.Delete(folder + LockSuffix));
        }
    }

    private static FolderLease? TryHold(string folder, FileShare share)
    {
        var path = folder + LockSuffix;
        var access = share == FileShare.None ? FileAccess.ReadWrite : FileAccess.Read;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            FileStream handle;
            try
            {
                // FileShare.None takes an exclusive lock and FileShare.Read a shared one, never waiting (flock).
                handle = new FileStream(path, FileMode.OpenOrCreate, access, share);
            }
            catch (IOException) when (File.Exists(path))
            {
                return null;
            }

            // Locked after its remover deleted it: the lock holds nothing, so take the file that is there now.
            if (File.Exists(path))
            {
                return new FolderLease(folder, handle);
            }

            handle.Dispose();
            Thread.Yield();
        }

        throw new IOException($"The lock file '{path}' kept disappearing while it was being locked.");
    }

    private static bool TryDelete(Action delete)
    {
        try
        {
            delete();
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Left for the next sweep: a file held open elsewhere (Windows) or a folder someone made unremovable.
            return false;
        }
    }
}
