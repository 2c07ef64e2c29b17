using System.Xml;
using System.Xml.Linq;

namespace Stratus.Packaging.Internal;

/// <summary>
/// The files a build reads that its MSBuild files name outside the project folders: the project files, the
/// Directory.*.props/targets, global.json and NuGet.config above them, what those import, and the files their
/// items and HintPaths name by a relative path going up or a rooted one. Read without evaluating MSBuild.
/// </summary>
/// <remarks>
/// $(MSBuildThisFileDirectory) and, in a project file, $(MSBuildProjectDirectory) are expanded, as every build would;
/// any other property, a wildcard going outside the project folders or into their bin and obj, a Target or a
/// property function cannot be followed without running MSBuild, so such a build is never taken as unchanged.
/// Limitation: files named by plain properties (a key file, an icon) are not seen.
/// </remarks>
internal static class BuildInputs
{
    /// <summary>
    /// The files MSBuild, NuGet and the compiler read from a project's folder and every folder above it: MSBuild's
    /// Directory.Build.* (its response file too), NuGet's settings, the SDK's choice, and the analyzer settings
    /// Roslyn takes from each source's folders (.editorconfig, .globalconfig).
    /// </summary>
    internal static readonly string[] FilesAbove =
    [
        "Directory.Build.props", "Directory.Build.targets", "Directory.Build.rsp", "Directory.Packages.props",
        "global.json", "NuGet.config", "nuget.config", ".editorconfig", ".globalconfig",
    ];

    // Item types whose Include is a name, not a file, or a reference the closure or NuGet resolves.
    private static readonly HashSet<string> NotFiles = new(StringComparer.Ordinal)
    {
        "ProjectReference", "PackageReference", "PackageVersion", "GlobalPackageReference", "FrameworkReference",
        "Using", "InternalsVisibleTo", "AssemblyAttribute", "ProjectCapability", "SupportedPlatform",
        "TrimmerRootAssembly", "RuntimeHostConfigurationOption", "Folder",
    };

    /// <summary>The files named, existing or not; null when one cannot be listed.</summary>
    public static IReadOnlyCollection<string>? Named(ProjectClosure closure)
    {
        var projectFolders = closure.Projects.Select(project => Path.GetDirectoryName(project)!).ToList();
        var named = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string File, string? ProjectFolder)>();
        foreach (var project in closure.Projects)
        {
            pending.Push((project, Path.GetDirectoryName(project)));
            foreach (var above in FilesAboveFolder(Path.GetDirectoryName(project)!))
            {
                pending.Push((above, null));
            }
        }

        while (pending.TryPop(out var next))
        {
            if (!named.Add(next.File) || !IsMsBuildFile(next.File) || !File.Exists(next.File))
            {
                continue;
            }

            if (!TryReadReferences(next.File, next.ProjectFolder, projectFolders, pending))
            {
                return null;
            }
        }

        return named;
    }

    /// <summary>The <see cref="FilesAbove"/> that exist in <paramref name="folder"/> and the folders above it.</summary>
    internal static IEnumerable<string> FilesAboveFolder(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            foreach (var name in FilesAbove)
            {
                var candidate = Path.Combine(current.FullName, name);
                if (File.Exists(candidate))
                {
                    yield return candidate;
                }
            }
        }
    }

    private static bool IsMsBuildFile(string file) =>
        Path.GetExtension(file) is { } extension
        && (extension.EndsWith("proj", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".props", StringComparison.OrdinalIgnoreCase)
            || extension.Equals(".targets", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Pushes the imports and files <paramref name="file"/> names outside the project folders; false when one
    /// cannot be listed, or the file is not XML (only the build can say what it means).
    /// </summary>
    private static bool TryReadReferences(
        string file,
        string? projectFolder,
        List<string> projectFolders,
        Stack<(string File, string? ProjectFolder)> pending)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(file);
        }
        catch (XmlException)
        {
            return false;
        }

        if (RunsCodeThatMayReadFiles(file, document))
        {
            return false;
        }

        var fileFolder = Path.GetDirectoryName(file)!;
        foreach (var element in document.Descendants().Where(element => !InsideTarget(element)))
        {
            foreach (var (value, relativeTo) in PathsNamed(element, fileFolder, projectFolder))
            {
                var paths = Resolve(value, fileFolder, projectFolder, relativeTo, projectFolders);
                if (paths is null)
                {
                    return false;
                }

                foreach (var path in paths)
                {
                    pending.Push((path, projectFolder));
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the file holds MSBuild code whose reads no listing can follow: a Target (its tasks read and copy
    /// files at build time) or a property function (<c>$([System.IO.File]::ReadAllText(...))</c>).
    /// </summary>
    /// <remarks>
    /// Stratus.Functions.targets beside the SDK's project (build/, next to Stratus.Functions.csproj), which this
    /// repository's examples import by path (a package's comes through obj, unread), is the SDK's own: its one target
    /// writes an entry point into obj from properties alone. A file of that name anywhere else is not exempt.
    /// </remarks>
    private static bool RunsCodeThatMayReadFiles(string file, XDocument document)
    {
        var ownTargets = Path.GetFileName(file).Equals("Stratus.Functions.targets", StringComparison.Ordinal)
            && Path.GetDirectoryName(Path.GetDirectoryName(file)) is { } sdkFolder
            && File.Exists(Path.Combine(sdkFolder, "Stratus.Functions.csproj"));
        return (!ownTargets && document.Descendants().Any(element => element.Name.LocalName == "Target"))
            || document.Descendants().Any(element =>
                element.Attributes().Any(attribute => attribute.Value.Contains("$([", StringComparison.Ordinal))
                || (!element.HasElements && element.Value.Contains("$([", StringComparison.Ordinal)));
    }

    private static bool InsideTarget(XElement element) =>
        element.Ancestors().Any(ancestor => ancestor.Name.LocalName == "Target");

    /// <summary>The path values an element names, each with the folder it is relative to (null: every project's).
    /// </summary>
    private static IEnumerable<(string Value, string? RelativeTo)> PathsNamed(
        XElement element,
        string fileFolder,
        string? projectFolder)
    {
        var name = element.Name.LocalName;
        if (name == "Import")
        {
            // An SDK import names a file of the SDK, which the installed SDKs' list covers.
            return element.Attribute("Sdk") is null && element.Attribute("Project") is { } project
                ? [(project.Value, fileFolder)]
                : [];
        }

        if (name == "HintPath")
        {
            return [(element.Value, projectFolder)];
        }

        return !NotFiles.Contains(name) && element.Attribute("Include") is { } include
            ? [(include.Value, projectFolder)]
            : [];
    }

    /// <summary>
    /// The files <paramref name="value"/> names that the folders' reading does not cover (those outside, and MSBuild
    /// files anywhere, whose own references count), or null when they cannot be listed.
    /// </summary>
    private static List<string>? Resolve(
        string value,
        string fileFolder,
        string? projectFolder,
        string? relativeTo,
        List<string> projectFolders)
    {
        var outside = new List<string>();
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var expanded = part.Replace(
                "$(MSBuildThisFileDirectory)", fileFolder + "/", StringComparison.OrdinalIgnoreCase);
            if (projectFolder is not null)
            {
                expanded = expanded.Replace(
                    "$(MSBuildProjectDirectory)", projectFolder, StringComparison.OrdinalIgnoreCase);
            }

            if (expanded.Contains("$(", StringComparison.Ordinal))
            {
                return null;
            }

            // A relative item in a Directory.Build file is relative to each project that imports it.
            var bases = relativeTo is not null || Path.IsPathRooted(expanded) ? [relativeTo ?? ""] : projectFolders;
            foreach (var folder in bases)
            {
                var path = Path.GetFullPath(Path.Combine(folder, expanded.Replace('\\', '/')));
                var wildcard = path.Contains('*', StringComparison.Ordinal)
                    || path.Contains('?', StringComparison.Ordinal);
                var inside = projectFolders.Any(project => IsUnder(path, project));
                var inOutput = projectFolders.Any(project =>
                    IsUnder(path, Path.Combine(project, "bin")) || IsUnder(path, Path.Combine(project, "obj")));
                if (wildcard && (!inside || inOutput))
                {
                    return null;
                }

                // Inside, the folders are read anyway; an MSBuild file there is still read for what it names.
                if (!wildcard && (!inside || IsMsBuildFile(path)))
                {
                    outside.Add(path);
                }
            }
        }

        return outside;
    }

    private static bool IsUnder(string path, string folder) =>
        path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);
}
