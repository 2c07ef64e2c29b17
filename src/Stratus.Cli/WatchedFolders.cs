using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>
/// The folders `dev` watches for source changes: every functions project's, and every project one references
/// (directly or through another), since a change to a shared library changes the build as much as one to the
/// functions project itself.
/// </summary>
/// <param name="Folders">The folders to watch, sorted.</param>
/// <param name="Unfollowed">ProjectReference values built from MSBuild properties, left unwatched.</param>
internal sealed record WatchedFolders(IReadOnlyList<string> Folders, IReadOnlyList<string> Unfollowed)
{
    public static WatchedFolders Of(ServiceDefinition service)
    {
        var projects = ManagedBuilder.ResolveProjects(PrebuiltArtifacts.WithoutPrebuilt(service)).Values
            .Select(project => Path.GetFullPath(project.ProjectPath, service.Directory))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var closures = projects.Select(ProjectReferences.Closure).ToList();

        var folders = closures.SelectMany(closure => closure.Projects)
            .Select(Path.GetDirectoryName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        var unfollowed = closures.SelectMany(closure => closure.Unfollowed).Distinct(StringComparer.Ordinal);
        return new WatchedFolders([.. folders.Order(StringComparer.Ordinal)], [.. unfollowed]);
    }
}
