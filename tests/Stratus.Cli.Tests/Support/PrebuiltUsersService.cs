using System.IO.Compression;

namespace Stratus.Cli.Tests.Support;

/// <summary>
/// The users example's serverless.yml, with its secret references unchanged, in a temp folder where every function
/// comes from one prebuilt `package.artifact`: `stratus package` then resolves and writes the real environment in
/// a second, without the minutes a Native AOT build of eight functions takes.
/// </summary>
internal sealed class PrebuiltUsersService : IDisposable
{
    private const string ExamplePackageBlock = "package:\n  individually: true\n";

    public PrebuiltUsersService()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("stratus-prebuilt-users-").FullName;

        var example = File.ReadAllText(Path.Combine(RepositoryPaths.UsersService, "serverless.yml"));
        if (!example.Contains(ExamplePackageBlock, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The example's package block changed; update this copy.");
        }

        File.WriteAllText(ConfigPath, example.Replace(
            ExamplePackageBlock,
            "package:\n  artifact: dist/users.zip\n",
            StringComparison.Ordinal));
        WriteArtifact(Path.Combine(Directory, "dist", "users.zip"));
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "serverless.yml");

    public string PackageDirectory => Path.Combine(Directory, ".stratus", "package");

    // The unzipped task folders are read-only, as in Lambda; deleting them needs write permission back.
    public void Dispose() => Stratus.Packaging.Internal.FolderLease.DeleteFolder(Directory);

    private static void WriteArtifact(string path)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        using var writer = new StreamWriter(archive.CreateEntry("bootstrap").Open());
        writer.Write("#!/bin/sh\nexit 0\n");
    }
}
