using System.Xml.Linq;
using Stratus.Service;

namespace Stratus.Packaging;

/// <summary>Finds the C# projects under a service folder and the assembly name each one builds.</summary>
public static class FunctionProjectLocator
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".stratus", "node_modules", ".git"];

    /// <summary>Lists every project under <paramref name="serviceDirectory"/> that is not a test project.</summary>
    public static IReadOnlyList<FunctionProject> Find(string serviceDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceDirectory);

        return EnumerateProjects(serviceDirectory)
            .Select(Describe)
            .OfType<FunctionProject>()
            .OrderBy(project => project.ProjectPath, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> EnumerateProjects(string directory)
    {
        foreach (var project in Directory.EnumerateFiles(directory, "*.csproj"))
        {
            yield return project;
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (SkippedFolders.Contains(Path.GetFileName(child), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var project in EnumerateProjects(child))
            {
                yield return project;
            }
        }
    }

    private static XDocument LoadProject(string projectPath)
    {
        try
        {
            return XDocument.Load(projectPath, LoadOptions.SetLineInfo);
        }
        catch (System.Xml.XmlException error)
        {
            throw new ConfigException([PackagingErrors.MalformedProject(projectPath, error)]);
        }
    }

    private static FunctionProject? Describe(string projectPath)
    {
        // Reading the XML is enough for the usual project; a name computed by MSBuild logic elsewhere
        // (Directory.Build.props) falls back to the file name, as MSBuild itself does by default.
        var document = LoadProject(projectPath);
        var properties = document.Descendants().Where(element => element.Parent?.Name.LocalName == "PropertyGroup");
        string? Property(string name) => properties.LastOrDefault(p => p.Name.LocalName == name)?.Value.Trim();

        if (string.Equals(Property("IsTestProject"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var assemblyName = Property("AssemblyName") is { Length: > 0 } name
            ? name
            : Path.GetFileNameWithoutExtension(projectPath);
        return new FunctionProject(assemblyName, Path.GetFullPath(projectPath));
    }
}
