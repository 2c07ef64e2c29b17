using System.Text;

namespace Stratus.Service.Tests;

/// <summary>Resolution stays linear: each value is parsed once and each referenced subtree is resolved once.</summary>
public sealed class ResolutionScaleTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task Resolve_ManyReferencesToSharedValues_ParsesEachValueOnce()
    {
        const int Values = 2000;
        const int Functions = 300;
        const int Shared = 50;
        var yaml = new StringBuilder(Yaml.Service("custom:\n  base: app-${sls:stage}\n  shared:\n"));
        for (var i = 0; i < Shared; i++)
        {
            yaml.Append($"    K{i}: ${{self:custom.base}}-{i}\n");
        }

        for (var i = 0; i < Values; i++)
        {
            yaml.Append($"  v{i}: ${{self:custom.base}}-{i}\n");
        }

        yaml.Append("functions:\n");
        for (var i = 0; i < Functions; i++)
        {
            yaml.Append($"  f{i}:\n    handler: h\n    environment: ${{self:custom.shared}}\n")
                .Append($"    description: ${{self:custom.v{i}}}\n");
        }

        _service.Write("serverless.yml", yaml.ToString());

        var (service, stats) = await LoadWithStatsAsync(_service.ConfigPath);

        var textValues = 4 + 1 + Shared + Values + (Functions * 3);
        Assert.Equal(Functions, service.Functions.Count);
        Assert.Equal("app-dev-7", service.Functions[7].Environment["K7"]);
        Assert.Equal("app-dev-299", Yaml.Value(service, "functions.f299.description"));
        Assert.InRange(stats.Parses, 1, 2 * textValues);
        Assert.InRange(stats.ContainerWalks, 1, 2 * (Functions + 10));
    }

    [Fact]
    public void Resolve_LongReferenceChain_Resolves()
    {
        var lines = Enumerable.Range(0, 60)
            .Select(i => $"c{i}: ${{self:custom.c{i + 1}}}")
            .Append("c60: end")
            .ToArray();

        var service = _service.Load(Yaml.WithCustom(lines));

        Assert.Equal("end", Yaml.Value(service, "custom.c0"));
    }

    [Fact]
    public async Task Resolve_SameFileIncludedManyTimes_ReadsItOnce()
    {
        _service.Write("common.yml", "table: t-${sls:stage}\nlist: [a, b]\n");
        var lines = Enumerable.Range(0, 100).Select(i => $"x{i}: ${{file(./common.yml):table}}").ToArray();

        var configPath = _service.Write("serverless.yml", Yaml.WithCustom(lines)).ConfigPath;

        var (service, stats) = await LoadWithStatsAsync(configPath);

        Assert.Equal("t-dev", Yaml.Value(service, "custom.x99"));
        Assert.Equal(1, stats.FileReads);
    }

    private static Task<(ServiceDefinition Service, Internal.Variables.ResolutionStats Stats)> LoadWithStatsAsync(
        string configPath) =>
        ServiceLoader.LoadWithStatsAsync(configPath, TempService.DevOptions(), CancellationToken.None);
}
