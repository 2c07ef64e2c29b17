using System.Xml.Linq;

namespace Stratus.Packaging;

/// <summary>
/// The projects a project file references through <c>&lt;ProjectReference&gt;</c>, read from the file without
/// evaluating it: what `package` hashes to decide reuse and what `dev` watches.
/// </summary>
/// <param name="Resolved">The referenced project files that exist, as full paths.</param>
/// <param name="Unresolved">Include values built from MSBuild properties other than the project's own folder.</param>
public sealed record ProjectReferences(IReadOnlyList<string> Resolved, IReadOnlyList<string> Unresolved)
{
    /// <summary>
    /// Reads the references of <paramref name="projectPath"/> and of the Directory.Build.props and .targets files
    /// above it, which every build imports; an unreadable file has none.
    /// </summary>
    /// <remarks>
    /// An Include may list several projects separated by ';'. $(MSBuildThisFileDirectory) (the folder of the file
    /// that says it) and $(MSBuildProjectDirectory) are expanded, as every build would; any other property
    /// ($(RepoRoot), say) needs the whole evaluation, so such a reference is reported, not guessed.
    /// Limitation: references in other imported files (an explicit &lt;Import&gt;) are not seen.
    /// </remarks>
    public static ProjectReferences Of(string projectPath)
    {
        var project = Path.GetFullPath(projectPath);
        var projectFolder = Path.GetDirectoryName(project)!;
        var resolved = new List<string>();
        var unresolved = new List<string>();
        foreach (var file in ImportedBuildFiles(projectFolder).Prepend(project))
        {
            var fileFolder = Path.GetDirectoryName(file)!;
            foreach (var include in Includes(file).SelectMany(value => value.Split(';', SplitOptions)))
            {
                var expanded = include
                    .Replace("$(MSBuildThisFileDirectory)", fileFolder + "/", StringComparison.OrdinalIgnoreCase)
                    .Replace("$(MSBuildProjectDirectory)", projectFolder, StringComparison.OrdinalIgnoreCase);
                if (expanded.Contains("$(", StringComparison.Ordinal))
                {
                    unresolved.Add(include);
                }
                else if (Path.GetFullPath(expanded.Replace('\\', '/'), projectFolder) is var path && File.Exists(path))
                {
                    resolved.Add(path);
                }
            }
        }

        return new ProjectReferences([.. resolved.Distinct(StringComparer.Ordinal)], unresolved);
    }

    /// <summary>
    /// The project and every project it references, directly or not, each file read once, with the references
    /// along the way that could not be followed.
    /// </summary>
    public static ProjectClosure Closure(string projectPath)
    {
        var projects = new List<string>();
        var unfollowed = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(projectPath)]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project) || !File.Exists(project))
            {
                continue;
            }

            projects.Add(project);
            var references = Of(project);
            unfollowed.AddRange(references.Unresolved);
            foreach (var reference in references.Resolved)
            {
                pending.Push(reference);
            }
        }

        return new ProjectClosure(projects, [.. unfollowed.Distinct(StringComparer.Ordinal)]);
    }

    private const StringSplitOptions SplitOptions =
        StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;

    private static List<string> Includes(string file)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(file);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            // The build reads it too, and reports an unreadable file better than this could.
            return [];
        }

        return document.Descendants()
            .Where(element => element.Name.LocalName == "ProjectReference")
            .Select(element => element.Attribute("Include")?.Value)
            .OfType<string>()
            .ToList();
    }

    private static IEnumerable<string> ImportedBuildFiles(string projectFolder)
    {
        for (var folder = projectFolder; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            foreach (var name in (string[])["Directory.Build.props", "Directory.Build.targets"])
            {
                var path = Path.Combine(folder, name);
                if (File.Exists(path))
                {
                    yield return path;
                }
            }
        }
    }
}

/// <summary>A project with every project it references, directly or not.</summary>
/// <param name="Projects">The project files, as full paths of existing files, the project itself first.</param>
/// <param name="Unfollowed">
/// ProjectReference values built from MSBuild properties Stratus cannot expand: the files behind them are not among
/// <paramref name="Projects"/>, so nothing can tell whether they changed.
/// </param>
public sealed record ProjectClosure(IReadOnlyList<string> Projects, IReadOnlyList<string> Unfollowed);
