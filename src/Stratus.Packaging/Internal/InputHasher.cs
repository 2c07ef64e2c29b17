using System.Security.Cryptography;
using System.Text;

namespace Stratus.Packaging.Internal;

/// <summary>
/// Hashes what a publish reads: every file of the project's folder and of the projects it references (bin/obj
/// aside), the Directory.*.props/targets, global.json and NuGet.config files above them, and the build settings.
/// </summary>
internal static class InputHasher
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".stratus", ".git", "node_modules", ".vs"];

    private static readonly string[] BuildFiles =
    [
        "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json",
        "NuGet.config", "nuget.config",
    ];

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
        if (File.ResolveLinkTarget(file, returnFinalTarget: true) is { Exists: false } target)
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
    internal static SortedSet<string> InputFiles(ProjectClosure closure)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var project in closure.Projects)
        {
            var folder = Path.GetDirectoryName(project)!;
            AddFolder(folder, files);
            AddBuildFilesAbove(folder, files);
        }

        return files;
    }

    private static void AddFolder(string folder, SortedSet<string> files)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            files.Add(file);
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            // A project folder nested in another (tests under src, say) is its own input set.
            var name = Path.GetFileName(child);
            if (!SkippedFolders.Contains(name, StringComparer.OrdinalIgnoreCase)
                && !Directory.EnumerateFiles(child, "*.csproj").Any())
            {
                AddFolder(child, files);
            }
        }
    }

    private static void AddBuildFilesAbove(string folder, SortedSet<string> files)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            foreach (var name in BuildFiles)
            {
                var candidate = Path.Combine(current.FullName, name);
                if (File.Exists(candidate))
                {
                    files.Add(candidate);
                }
            }
        }
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
