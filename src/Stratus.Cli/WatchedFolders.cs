using System.Xml.Linq;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>
/// The folders `dev` watches for source changes: every functions project's, and every project one references
/// (directly or through another), since a change to a shared library changes the build as much as one to the
/// functions project itself.
/// </summary>
internal static class WatchedFolders
{
    public static List<string> Of(ServiceDefinition service)
    {
        var projects = ManagedBuilder.ResolveProjects(PrebuiltArtifacts.WithoutPrebuilt(service)).Values
            .Select(project => Path.GetFullPath(project.ProjectPath, service.Directory));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(projects);
        while (pending.TryPop(out var project))
        {
            if (seen.Add(project))
            {
                foreach (var referenced in ProjectReferences(project))
                {
                    pending.Push(referenced);
                }
            }
        }

        return [.. seen.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal).Order()];
    }

    /// <summary>The existing projects a project file names in ProjectReference items, as full paths.</summary>
    /// <remarks>
    /// Limitation: only paths written out are followed; one built from MSBuild properties ($(...)) or added by
    /// an imported file is not watched.
    /// </remarks>
    private static List<string> ProjectReferences(string projectPath)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(projectPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Xml.XmlException)
        {
            // An unreadable reference fails the build, which reports it better than a watcher could.
            return [];
        }

        var folder = Path.GetDirectoryName(projectPath)!;
        return document.Descendants()
            .Where(element => element.Name.LocalName == "ProjectReference")
            .Select(element => element.Attribute("Include")?.Value)
            .OfType<string>()
            .Where(include => !include.Contains("$(", StringComparison.Ordinal))
            .Select(include => Path.GetFullPath(include.Replace('\\', '/'), folder))
            .Where(File.Exists)
            .ToList();
    }
}
