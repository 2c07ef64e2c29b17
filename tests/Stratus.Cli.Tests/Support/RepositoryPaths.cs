namespace Stratus.Cli.Tests.Support;

/// <summary>Finds the repository's folders from the test assembly, wherever the clone lives.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string UsersService => Path.Combine(Root, "examples", "users-service");

    public static string FaultyService => Path.Combine(Root, "tests", "fixtures", "faulty-service");

    /// <summary>The shared corpus sits beside the clone (../shared/corpus), as in CI.</summary>
    public static string Corpus
    {
        get
        {
            var corpus = Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus", "serverless-yml"));
            return Directory.Exists(corpus)
                ? corpus
                : throw new DirectoryNotFoundException(
                    $"The serverless.yml corpus was expected at '{corpus}' (shared/ beside the clone).");
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Stratus.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Stratus.sln above '{AppContext.BaseDirectory}'.");
    }
}
