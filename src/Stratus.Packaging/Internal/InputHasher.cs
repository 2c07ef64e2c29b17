using System.Security.Cryptography;
using System.Text;

namespace Stratus.Packaging.Internal;

/// <summary>
/// Lists and hashes what a build reads: every file under the project's folder and those of the projects it
/// references (each one's own bin and obj aside, nested project folders included, as the SDK's globs take their
/// files too), the Directory.*.props/targets, global.json and NuGet.config files above them, the files MSBuild files
/// name outside those folders (<see cref="BuildInputs"/>), and the build settings.
/// </summary>
internal static class InputHasher
{
    // Hidden folders no default glob compiles from (`**/.*/**` is excluded) that are large or change on their own:
    // .stratus holds `dev`'s copies of builds.
    private static readonly string[] SkippedFolders = [".git", ".stratus", ".vs", ".idea"];

    // Left out only at the top of a project folder: the SDK's BaseOutputPath and BaseIntermediateOutputPath.
    // Deeper ones (a nested project's) are compiled by the default globs, and so are read.
    private static readonly string[] OutputFolders = ["bin", "obj"];

    /// <summary>
    /// Whether every input of <paramref name="closure"/> can be listed: none through a reference that cannot be
    /// followed (<see cref="ProjectClosure.Unfollowed"/>), a property other than the file's own folder, or a
    /// wildcard outside the project folders. A build whose inputs cannot be listed must not be taken as unchanged.
    /// </summary>
    public static bool CanList(ProjectClosure closure) =>
        closure.Unfollowed.Count == 0 && BuildInputs.Named(closure) is not null;

    /// <summary>
    /// Hashes the files of <paramref name="closure"/>'s projects and the settings. References it could not follow
    /// (<see cref="ProjectClosure.Unfollowed"/>) are not in the hash: a caller must not take such a build as
    /// unchanged.
    /// </summary>
    public static string Hash(ProjectClosure closure, IEnumerable<KeyValuePair<string, string>> settings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, value) in settings.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Append(hash, $"setting {name}={value}\n");
        }

        foreach (var file in InputFiles(closure))
        {
            Append(hash, $"file {file}\n");
            AppendContent(hash, file);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The file's bytes, or for a link to nothing (an editor's lock file, such as Emacs's <c>.#Name.cs</c>) where
    /// it points: the hash must not fail where the build itself will say which file is missing.
    /// </summary>
    private static void AppendContent(IncrementalHash hash, string file)
    {
        var target = File.ResolveLinkTarget(file, returnFinalTarget: true);

        // A file an MSBuild file names may not exist (a conditional import); its arrival is a change.
        if (target is null && !File.Exists(file))
        {
            Append(hash, "absent\n");
            return;
        }

        if (target is { Exists: false })
        {
            Append(hash, $"link to nothing: {target.FullName}\n");
            return;
        }

        hash.AppendData(File.ReadAllBytes(file));
    }

    /// <summary>Hashes files the artifact takes as they are (pattern files, a prebuilt artifact).</summary>
    public static string HashFiles(IEnumerable<KeyValuePair<string, string>> namedFiles, string seed)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, seed + "\n");
        foreach (var (name, path) in namedFiles.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            Append(hash, $"file {name}\n");
            hash.AppendData(File.ReadAllBytes(path));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The files a build of <paramref name="closure"/> reads, in a stable order.</summary>
    internal static SortedSet<string> InputFiles(ProjectClosure closure) =>
        InputFiles(closure, BuildInputs.Named(closure));

    /// <summary>
    /// The same, given what <see cref="BuildInputs.Named"/> found for <paramref name="closure"/>, for a caller that
    /// has it already (reading the MSBuild files once).
    /// </summary>
    internal static SortedSet<string> InputFiles(ProjectClosure closure, IReadOnlyCollection<string>? named)
    {
        var files = new SortedSet<string>(named ?? [], StringComparer.Ordinal);
        foreach (var project in closure.Projects)
        {
            var folder = Path.GetDirectoryName(project)!;
            AddFolder(folder, files, isProjectFolder: true);
            files.UnionWith(BuildInputs.FilesAboveFolder(folder));
        }

        return files;
    }

    private static void AddFolder(string folder, SortedSet<string> files, bool isProjectFolder)
    {
        files.UnionWith(Directory.EnumerateFiles(folder));
        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(child);
            var skipped = SkippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase)
                || (isProjectFolder && OutputFolders.Contains(name, StringComparer.OrdinalIgnoreCase));
            if (!skipped)
            {
                AddFolder(child, files, isProjectFolder: false);
            }
        }
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
