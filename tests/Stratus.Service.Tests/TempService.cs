namespace Stratus.Service.Tests;

/// <summary>A service folder in the temp directory, removed when disposed.</summary>
internal sealed class TempService : IDisposable
{
    public TempService()
    {
        Directory = Path.Combine(Path.GetTempPath(), "stratus-service-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "serverless.yml");

    public static ServiceLoadOptions DevOptions(
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyDictionary<string, string>? options = null,
        IReadOnlyDictionary<string, string>? parameters = null) => new()
    {
        Environment = environment ?? new Dictionary<string, string>(),
        Options = options ?? new Dictionary<string, string>(),
        Params = parameters ?? new Dictionary<string, string>(),
        Stage = options?.GetValueOrDefault("stage"),
        Region = options?.GetValueOrDefault("region"),
        InstanceId = "test-instance",
    };

    public TempService Write(string relativePath, string text)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return this;
    }

    public ServiceDefinition Load(string yaml, ServiceLoadOptions? options = null)
    {
        Write("serverless.yml", yaml);
        return ServiceLoader.Load(ConfigPath, options ?? DevOptions());
    }

    public ConfigException LoadFails(string yaml, ServiceLoadOptions? options = null)
    {
        Write("serverless.yml", yaml);
        return Assert.Throws<ConfigException>(() => ServiceLoader.Load(ConfigPath, options ?? DevOptions()));
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
