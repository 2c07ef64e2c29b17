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
    /// <summary>Reads the references of <paramref name="projectPath"/>; an unreadable file has none.</summary>
    /// <remarks>
    /// $(MSBuildThisFileDirectory) and $(MSBuildProjectDirectory) are expanded, as every build would; any other
    /// property ($(RepoRoot), say) needs the whole evaluation, so such a reference is reported, not guessed.
    /// Limitation: references added by an imported .props or .targets file are not seen.
    /// </remarks>
    public static ProjectReferences Of(string projectPath)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(projectPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            // The build reads it too, and reports an unreadable project better than this could.
            return new ProjectReferences([], []);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        var resolved = new List<string>();
        var unresolved = new List<string>();
        var includes = document.Descendants()
            .Where(element => element.Name.LocalName == "ProjectReference")
            .Select(element => element.Attribute("Include")?.Value)
            .OfType<string>();
        foreach (var include in includes)
        {
            var expanded = Expand(include, folder);
            if (expanded.Contains("$(", StringComparison.Ordinal))
            {
                unresolved.Add(include);
            }
            else if (Path.GetFullPath(expanded.Replace('\\', '/'), folder) is var path && File.Exists(path))
            {
                resolved.Add(path);
            }
        }

        return new ProjectReferences(resolved, unresolved);
    }

    /// <summary>
    /// The project and every project it references, directly or not, as full paths of existing files.
    /// </summary>
    public static List<string> Closure(string projectPath)
    {
        var closure = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(projectPath)]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project) || !File.Exists(project))
            {
                continue;
            }

            closure.Add(project);
            foreach (var reference in Of(project).Resolved)
            {
                pending.Push(reference);
            }
        }

        return closure;
    }

    private static string Expand(string include, string folder) => include
        .Replace("$(MSBuildThisFileDirectory)", folder + "/", StringComparison.OrdinalIgnoreCase)
        .Replace("$(MSBuildProjectDirectory)", folder, StringComparison.OrdinalIgnoreCase);
}
