using System.IO.Compression;

namespace Stratus.Packaging.Internal;

/// <summary>
/// Writes zips whose bytes depend only on the files' names and contents: entries sorted ordinally, one fixed
/// timestamp, fixed Unix permissions, no folder entries, no absolute paths.
/// </summary>
internal static class DeterministicZip
{
    /// <summary>The timestamp of every entry: the earliest a zip can hold, as reproducible builds use.</summary>
    public static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int RegularFile = 0x8000;
    private const int Executable = RegularFile | 0x1ED; // 0755
    private const int Readable = RegularFile | 0x1A4;   // 0644

    /// <summary>Writes <paramref name="entries"/> (entry name → source file) to <paramref name="zipPath"/>.</summary>
    public static void Write(string zipPath, IReadOnlyDictionary<string, string> entries, ISet<string> executables)
    {
        using var stream = new FileStream(zipPath, FileMode.CreateNew, FileAccess.Write);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create);

        foreach (var (name, source) in entries.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
            entry.LastWriteTime = EntryTime;
            entry.ExternalAttributes = (executables.Contains(name) ? Executable : Readable) << 16;

            using var input = File.OpenRead(source);
            using var output = entry.Open();
            input.CopyTo(output);
        }
    }
}
