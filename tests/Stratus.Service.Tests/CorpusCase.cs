namespace Stratus.Service.Tests;

/// <summary>
/// One case of the shared serverless.yml corpus, copied into a temp tree that reproduces its layout: files the case
/// reaches with '../../' are stored in the case's '_outside' folder, so the case is placed at its repository path
/// and '_outside' at the repository root.
/// </summary>
internal sealed class CorpusCase : IDisposable
{
    private readonly string _root;

    private CorpusCase(string name, string root, string configPath)
    {
        Name = name;
        _root = root;
        ConfigPath = configPath;
    }

    public string Name { get; }

    public string ConfigPath { get; }

    /// <summary>The corpus folder, found beside the repository by walking up from the test assembly.</summary>
    public static string FindCorpus()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "corpus", "serverless-yml");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No 'shared/corpus/serverless-yml' folder was found above '{AppContext.BaseDirectory}'. The corpus is " +
            "expected in 'shared/' beside the repository clone (for example /work/main and /work/shared).");
    }

    public static IEnumerable<string> CaseFolders(string corpus) =>
        Directory.GetDirectories(corpus)
            .Where(folder => File.Exists(Path.Combine(folder, "serverless.yml")))
            .Order(StringComparer.Ordinal);

    public static CorpusCase CopyToTemp(string caseFolder)
    {
        var name = Path.GetFileName(caseFolder);
        var root = Path.Combine(Path.GetTempPath(), "stratus-corpus", Guid.NewGuid().ToString("N"));
        var outside = Path.Combine(caseFolder, "_outside");

        // A case with '_outside' lives at its repository path (owner__repo__a__b -> a/b) under the repository root.
        var segments = name.Split("__");
        var serviceFolder = Directory.Exists(outside) && segments.Length > 2
            ? Path.Combine([root, .. segments[2..]])
            : Path.Combine(root, name);

        Copy(caseFolder, serviceFolder, skip: "_outside");
        if (Directory.Exists(outside))
        {
            Copy(outside, root, skip: null);
        }

        return new CorpusCase(name, root, Path.Combine(serviceFolder, "serverless.yml"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static void Copy(string from, string to, string? skip)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);

            // The corpus is read-only; the copy must be deletable.
            File.SetAttributes(target, FileAttributes.Normal);
        }

        foreach (var folder in Directory.GetDirectories(from).Where(folder => Path.GetFileName(folder) != skip))
        {
            Copy(folder, Path.Combine(to, Path.GetFileName(folder)), skip: null);
        }
    }
}
