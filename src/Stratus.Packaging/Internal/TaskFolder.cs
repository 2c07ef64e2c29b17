using System.Globalization;
using System.IO.Compression;
using System.Text;
using Stratus.Service;

namespace Stratus.Packaging.Internal;

/// <summary>
/// A function's task folder for a packaged run: the artifact unzipped under
/// `.stratus/run/&lt;zip&gt;-&lt;hash&gt;-&lt;id&gt;`, read-only as Lambda's /var/task is, so that every process
/// starts from the package's contents.
/// </summary>
/// <remarks>
/// An unzip is reused only while it is whole and unchanged: its manifest, written last, lists every entry's type,
/// mode, size and time, and is compared with the folder before each reuse. That check stats each file (well under
/// a millisecond for a few dozen files), where unzipping a 2.4 MB zip of 27 files took about 120 ms here.
/// </remarks>
internal static class TaskFolder
{
    private const UnixFileMode WriteBits = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Holds a whole, unchanged unzip of <paramref name="package"/>; unzips one if none is.</summary>
    public static FolderLease Hold(string runRoot, FunctionPackage package)
    {
        var name = $"{Path.GetFileNameWithoutExtension(package.ArtifactPath)}-{package.Sha256[..12]}";
        Directory.CreateDirectory(runRoot);
        return Reuse(runRoot, name) ?? Unzip(runRoot, name, package);
    }

    private static FolderLease? Reuse(string runRoot, string name)
    {
        var earlier = Directory.EnumerateDirectories(runRoot, name + "-*").Order(StringComparer.Ordinal);
        foreach (var folder in earlier)
        {
            var lease = FolderLease.TryShare(folder);
            if (lease is not null && IsIntact(folder))
            {
                return lease;
            }

            // A folder a function changed (or an unzip cut short) is left to the sweep once no one runs it.
            lease?.Dispose();
        }

        return null;
    }

    private static FolderLease Unzip(string runRoot, string name, FunctionPackage package)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var folder = Path.Combine(runRoot, $"{name}-{id}");
        var staging = Path.Combine(runRoot, $".{name}-{id}");
        using var unzipping = FolderLease.Own(staging);
        try
        {
            ZipFile.ExtractToDirectory(package.ArtifactPath, staging);
            RestoreSymbolicLinks(package.ArtifactPath, staging);
            MakeReadOnly(staging);
        }
        catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // A half-unpacked folder must not be left behind, nor mistaken for a whole one.
            unzipping.Retire();
            throw new ConfigException([PackagingErrors.ArtifactNotUnpackable(package, error.Message)]);
        }

        // The files keep the modes the zip records, less write permission, as in Lambda: a prebuilt bootstrap zipped
        // without its execute bit fails here as it would there (Runtime.InvalidEntrypoint). Held shared from before
        // the move, as another session may reuse it once its manifest is written; no sweep can remove it meanwhile.
        var lease = FolderLease.TryShare(folder) ?? throw new IOException($"The task folder '{folder}' is in use.");
        Directory.Move(staging, folder);
        unzipping.Retire();
        File.WriteAllText(FolderLease.ManifestOf(folder), Describe(folder));
        return lease;
    }

    /// <summary>Whether the folder still holds exactly what its unzip left: its manifest is written last.</summary>
    public static bool IsIntact(string folder)
    {
        var manifest = FolderLease.ManifestOf(folder);
        return File.Exists(manifest) && File.ReadAllText(manifest) == Describe(folder);
    }

    /// <summary>One line per entry, in order: path, type, mode, a file's size and time or a link's target.</summary>
    private static string Describe(string folder)
    {
        var lines = new StringBuilder();
        Describe(new DirectoryInfo(folder), folder, lines);
        return lines.ToString();
    }

    private static void Describe(DirectoryInfo directory, string root, StringBuilder lines)
    {
        lines.AppendLine(Line(directory, root, "d", ""));
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(entry => entry.Name, StringComparer.Ordinal))
        {
            if (entry.LinkTarget is { } target)
            {
                lines.AppendLine(Line(entry, root, "l", target));
            }
            else if (entry is DirectoryInfo child)
            {
                Describe(child, root, lines);
            }
            else
            {
                var file = (FileInfo)entry;
                var stamp = string.Create(
                    CultureInfo.InvariantCulture, $"{file.Length} {file.LastWriteTimeUtc.Ticks}");
                lines.AppendLine(Line(file, root, "f", stamp));
            }
        }
    }

    private static string Line(FileSystemInfo entry, string root, string type, string detail)
    {
        var mode = OperatingSystem.IsWindows() ? entry.Attributes.ToString() : entry.UnixFileMode.ToString("D");
        return $"{Path.GetRelativePath(root, entry.FullName)}\t{type}\t{mode}\t{detail}";
    }

    /// <summary>
    /// Takes write permission from every file and folder (links are left alone: they may point outside), as Lambda
    /// mounts /var/task read-only: a function that writes there fails as it would in Lambda.
    /// </summary>
    private static void MakeReadOnly(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        MakeReadOnly(new DirectoryInfo(folder));
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void MakeReadOnly(DirectoryInfo directory)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos().Where(entry => entry.LinkTarget is null))
        {
            if (entry is DirectoryInfo child)
            {
                MakeReadOnly(child);
            }
            else
            {
                entry.UnixFileMode &= ~WriteBits;
            }
        }

        directory.UnixFileMode &= ~WriteBits;
    }

    /// <summary>
    /// Turns the zip's symbolic links (entries whose Unix mode says S_IFLNK, as `zip -y` writes them) back into
    /// links, as Lambda unpacks them; ZipFile writes each as a small file holding its target.
    /// </summary>
    private static void RestoreSymbolicLinks(string zipPath, string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var zip = ZipFile.OpenRead(zipPath);
        var links = zip.Entries.Where(ZipEntryModes.IsSymbolicLink);
        foreach (var entry in links)
        {
            var path = Path.GetFullPath(Path.Combine(folder, entry.FullName));
            File.Delete(path);
            File.CreateSymbolicLink(path, ZipEntryModes.LinkTarget(entry));
        }
    }
}
