using Stratus.Service;

namespace Stratus.Packaging.Tests;

/// <summary>
/// Packages a copy of the example service with Native AOT once per test run, twice from clean copies, for the
/// tests that check real artifacts. The copy keeps the repository's layout (the example's project reference to
/// src/Stratus.Functions is relative) and lives in the temp folder, so the working tree is not touched.
/// </summary>
public sealed class ExamplePackageFixture : IAsyncLifetime
{
    /// <summary>The service the fixture packages: status, and auth (the same handler) without native assets.</summary>
    public const string ServiceYml = """
        service: users-service
        provider:
          name: aws
          runtime: provided.al2023
          architecture: x86_64
        package:
          individually: true
          patterns:
            - 'assets/native/**'
        functions:
          status:
            handler: UsersService.Functions::UsersService.Functions.Status.GetStatusHandler
          auth:
            handler: UsersService.Functions::UsersService.Functions.Status.GetStatusHandler
            package:
              patterns:
                - '!assets/native/**'
        """;

    private readonly List<string> _roots = [];

    public string ServiceDirectory { get; private set; } = "";

    public PackageResult First { get; private set; } = null!;

    public PackageResult SecondClean { get; private set; } = null!;

    public TimeSpan NoChangeDuration { get; private set; }

    public PackageResult NoChange { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Both copies are taken before anything builds, so edits to the working tree meanwhile cannot make
        // the two "clean builds" differ in their sources.
        ServiceDirectory = CopyExample();
        var secondDirectory = CopyOfCopy(ServiceDirectory);
        First = await PackageAsync(ServiceDirectory, "serverless.yml");

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        NoChange = await PackageAsync(ServiceDirectory, "serverless.yml");
        NoChangeDuration = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        SecondClean = await PackageAsync(secondDirectory, "serverless.yml");
    }

    public static Task<PackageResult> PackageAsync(string serviceDirectory, string configFile, string? output = null)
    {
        var service = ServiceLoader.Load(Path.Combine(serviceDirectory, configFile), new ServiceLoadOptions());
        return new ServicePackager().PackageAsync(
            service,
            new PackageOptions { OutputDirectory = output },
            CancellationToken.None);
    }

    private string CopyExample()
    {
        var repository = FindRepository();
        var root = Path.Combine(Path.GetTempPath(), "stratus-example-" + Guid.NewGuid().ToString("N"));
        _roots.Add(root);

        string[] buildFiles = ["Directory.Build.props", "Directory.Packages.props", ".editorconfig", "eng/BannedSymbols.txt"];
        foreach (var file in buildFiles)
        {
            CopyFile(Path.Combine(repository, file), Path.Combine(root, file));
        }

        CopyFolder(
            Path.Combine(repository, "src", "Stratus.Functions"),
            Path.Combine(root, "src", "Stratus.Functions"));
        var service = Path.Combine(root, "examples", "users-service");
        CopyFolder(Path.Combine(repository, "examples", "users-service", "src"), Path.Combine(service, "src"));
        File.WriteAllText(Path.Combine(service, "serverless.yml"), ServiceYml);
        CopyFile(
            Path.Combine(repository, "eng", "BannedSymbols.txt"),
            Path.Combine(service, "assets", "native", "libfake.so"));
        return service;
    }

    private string CopyOfCopy(string serviceDirectory)
    {
        var root = Path.GetFullPath(Path.Combine(serviceDirectory, "..", ".."));
        var copy = Path.Combine(Path.GetTempPath(), "stratus-example-" + Guid.NewGuid().ToString("N"));
        _roots.Add(copy);
        CopyFolder(root, copy);
        return Path.Combine(copy, "examples", "users-service");
    }

    internal static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Stratus.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Stratus.sln was not found above the tests: they run outside the repository.");
    }

    private static void CopyFolder(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (!parts.Any(part => part is "bin" or "obj" or ".stratus"))
            {
                CopyFile(file, Path.Combine(destination, relative));
            }
        }
    }

    private static void CopyFile(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination, overwrite: true);
    }

    public Task DisposeAsync()
    {
        foreach (var root in _roots.Where(Directory.Exists))
        {
            Directory.Delete(root, recursive: true);
        }

        return Task.CompletedTask;
    }
}
