namespace Stratus.Tests.Shared;

/// <summary>The clone's root (the folder holding Stratus.sln), found from the test binaries.</summary>
internal static class SharedRepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "Stratus.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName
            ?? throw new InvalidOperationException("Stratus.sln not found above the test binaries.");
    }
}
