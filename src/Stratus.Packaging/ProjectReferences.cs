using System.Xml.Linq;

namespace Stratus.Packaging;

/// <summary>
/// The projects a project file references through <c>&lt;ProjectReference&gt;</c>, read from the file without
/// evaluating it: what `package` hashes to decide reuse and what `dev` watches.
/// </summary>
public static class ProjectReferences
{
    private const StringSplitOptions SplitOptions =
        StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;

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
            foreach (var reference in DirectReferences(project, unfollowed))
            {
                pending.Push(reference);
            }
        }

        return new ProjectClosure(projects, [.. unfollowed.Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The existing project files <paramref name="projectPath"/> references, in it and in the Directory.Build.props
    /// and .targets files above it, which every build imports; an unreadable file has none. Include values built
    /// from MSBuild properties other than the project's own folder go to <paramref name="unfollowed"/>.
    /// </summary>
    /// <remarks>
    /// An Include may list several projects separated by ';'. $(MSBuildThisFileDirectory) (the folder of the file
    /// that says it) and $(MSBuildProjectDirectory) are expanded, as every build would; any other property
    /// ($(RepoRoot), say) needs the whole evaluation, so such a reference is reported, not guessed.
    /// Limitation: references in other imported files (an explicit &lt;Import&gt;) are not seen.
    /// </remarks>
    private static List<string> DirectReferences(string projectPath, List<string> unfollowed)
    {
        var projectFolder = Path.GetDirectoryName(projectPath)!;
        var resolved = new List<string>();
        foreach (var file in ImportedBuildFiles(projectFolder).Prepend(projectPath))
        {
            var fileFolder = Path.GetDirectoryName(file)!;
            foreach (var include in Includes(file).SelectMany(value => value.Split(';', SplitOptions)))
            {
                var expanded = include
                    .Replace("$(MSBuildThisFileDirectory)", fileFolder + "/", StringComparison.OrdinalIgnoreCase)
                    .Replace("$(MSBuildProjectDirectory)", projectFolder, StringComparison.OrdinalIgnoreCase);
                if (expanded.Contains("$(", StringComparison.Ordinal))
                {
                    unfollowed.Add(include);
                }
                else if (Path.GetFullPath(expanded.Replace('\\', '/'), projectFolder) is var path && File.Exists(path))
                {
                    resolved.Add(path);
                }
            }
        }

        return resolved;
    }

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
