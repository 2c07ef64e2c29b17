namespace Stratus.Packaging.Internal;

/// <summary>
/// A path with every symbolic link in it resolved, as the kernel would walk it. MSBuild records outputs under the
/// path it was given, and its incremental clean deletes what it recorded under another path to the same folder: a
/// project built once as /work/svc and once through a link to it loses outputs (CS0006, a missing
/// runtimeconfig.json). Stratus therefore always hands MSBuild the one physical path.
/// </summary>
internal static class PhysicalPath
{
    // Linux's own limit on links followed in one lookup (ELOOP past it).
    private const int MaxLinksFollowed = 40;

    public static string Of(string path)
    {
        var resolved = Path.GetPathRoot(Path.GetFullPath(path))!;
        var pending = new Queue<string>(Segments(Path.GetFullPath(path)));
        var linksFollowed = 0;
        while (pending.TryDequeue(out var segment))
        {
            var candidate = segment == ".."
                ? Path.GetDirectoryName(resolved) ?? resolved
                : Path.Join(resolved, segment);
            var target = LinkTarget(candidate);
            if (target is null || ++linksFollowed > MaxLinksFollowed)
            {
                // Not a link (or a loop the kernel would refuse too): the path stays as written from here.
                resolved = candidate;
                continue;
            }

            // A link's target is read from its folder, and may hold links (and '..') itself.
            var absolute = Path.IsPathRooted(target) ? target : Path.Join(resolved, target);
            resolved = Path.GetPathRoot(absolute)!;
            pending = new Queue<string>(Segments(absolute).Concat(pending));
        }

        return resolved;
    }

    private static IEnumerable<string> Segments(string path) =>
        path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
