using Stratus.Service;

namespace Stratus.Cli.Tests.Support;

/// <summary>A serverless.yml written to a temp folder of its own and loaded as the CLI loads it.</summary>
internal sealed class TempServiceFile : IDisposable
{
    /// <param name="prefix">Names the temp folder after the test class, for whoever finds one left behind.</param>
    public TempServiceFile(string prefix) => Folder = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The folder that holds serverless.yml, for other files a test puts beside it.</summary>
    public string Folder { get; }

    /// <summary>Writes <paramref name="yaml"/> as the folder's serverless.yml and loads it.</summary>
    public ServiceDefinition Load(string yaml)
    {
        var path = Path.Combine(Folder, "serverless.yml");
        File.WriteAllText(path, yaml);
        return ServiceLoader.Load(path, new ServiceLoadOptions());
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
