using System.IO.Compression;

namespace Stratus.Packaging.Internal;

/// <summary>What a prebuilt zip holds instead of the executable Lambda starts at its root.</summary>
internal enum EntryPointFault
{
    /// <summary>Nothing of that name anywhere.</summary>
    Missing,

    /// <summary>A folder of that name at the root.</summary>
    Folder,

    /// <summary>A file of that name inside a folder, not at the root.</summary>
    InAFolder,

    /// <summary>A symbolic link whose target the zip does not hold.</summary>
    LinkToNothing,
}

/// <summary>
/// Finds why a zip's root lacks a runnable entry point. Lambda looks for it as stat sees it, through links, so a
/// link (zip -y) whose target is not in the zip is no entry point either.
/// </summary>
internal static class ZipEntryPoint
{
    private const int MostLinksFollowed = 8;
    private const string TaskRoot = "/var/task/";

    /// <summary>The fault and what it names (a nested path, a link's target), or null when the zip holds it.</summary>
    public static (EntryPointFault Fault, string Detail)? Find(ZipArchive zip, string executable)
    {
        ArgumentNullException.ThrowIfNull(zip);

        if (zip.GetEntry(executable) is { } entry)
        {
            return ZipEntryModes.IsSymbolicLink(entry) && DanglingTarget(zip, entry) is { } target
                ? (EntryPointFault.LinkToNothing, target)
                : null;
        }

        if (zip.Entries.Any(e => e.FullName.StartsWith(executable + "/", StringComparison.Ordinal)))
        {
            return (EntryPointFault.Folder, executable);
        }

        var nested = zip.Entries
            .Select(e => e.FullName)
            .Where(name => name.EndsWith("/" + executable, StringComparison.Ordinal))
            .OrderBy(name => name.Count(c => c == '/'))
            .ThenBy(name => name, StringComparer.Ordinal)
            .FirstOrDefault();
        return nested is null ? (EntryPointFault.Missing, "") : (EntryPointFault.InAFolder, nested);
    }

    /// <summary>
    /// The first link's target when the chain of links ends outside the zip; null when it ends at a file in it,
    /// or at an absolute path elsewhere, which the runtime's image may hold.
    /// </summary>
    private static string? DanglingTarget(ZipArchive zip, ZipArchiveEntry link)
    {
        var first = ZipEntryModes.LinkTarget(link);
        var current = link;
        for (var hop = 0; hop < MostLinksFollowed; hop++)
        {
            var target = ZipEntryModes.LinkTarget(current);
            if (target.StartsWith('/') && !target.StartsWith(TaskRoot, StringComparison.Ordinal))
            {
                return null;
            }

            var path = target.StartsWith('/')
                ? Normalized(target[TaskRoot.Length..])
                : Normalized(Folder(current.FullName) + target);
            if (path is null || zip.GetEntry(path) is not { } next)
            {
                return first;
            }

            if (!ZipEntryModes.IsSymbolicLink(next))
            {
                return null;
            }

            current = next;
        }

        return first;
    }

    private static string Folder(string entryName) =>
        entryName.LastIndexOf('/') is var slash and >= 0 ? entryName[..(slash + 1)] : "";

    /// <summary>The entry name a relative path lands on, or null when it climbs above the zip's root.</summary>
    private static string? Normalized(string path)
    {
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }
}
