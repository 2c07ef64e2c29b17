using Stratus.Service;

namespace Stratus.Packaging.Tests;

/// <summary>A service folder in the temp directory, with a serverless.yml and whatever files a test adds.</summary>
internal sealed class TempService : IDisposable
{
    private const string ProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>Shop.Functions</AssemblyName>
          </PropertyGroup>
        </Project>
        """;

    public TempService(string serverlessYml)
    {
        Directory = Path.Combine(Path.GetTempPath(), "stratus-pkg-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Write("serverless.yml", serverlessYml);
        Write("src/Shop.Functions/Shop.Functions.csproj", ProjectFile);
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "serverless.yml");

    public string OutputDirectory => Path.Combine(Directory, ".stratus", "package");

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public ServiceDefinition Load() => ServiceLoader.Load(ConfigPath, new ServiceLoadOptions());

    public Task<PackageResult> PackageAsync(bool force = false) =>
        new ServicePackager().PackageAsync(Load(), new PackageOptions { Force = force }, CancellationToken.None);

    public async Task<ConfigException> PackageFailsAsync() =>
        await Assert.ThrowsAsync<ConfigException>(() => PackageAsync());

    public void Dispose()
    {
        // An unzipped task folder is read-only, as in Lambda; deleting it needs write permission back.
        if (System.IO.Directory.Exists(Directory))
        {
            Internal.FolderLease.DeleteFolder(Directory);
        }
    }
}
