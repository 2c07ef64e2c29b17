namespace Stratus.Service.Tests;

public sealed class ServiceFileTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Theory]
    [InlineData("serverless.js", "JavaScript")]
    [InlineData("serverless.mjs", "JavaScript")]
    [InlineData("serverless.ts", "TypeScript")]
    public void Load_ScriptServiceFile_SaysScriptsAreNotSupportedAndHowToConvert(string name, string language)
    {
        _service.Write(name, "module.exports = { service: 'demo', provider: { name: 'aws' } };\n");
        var path = Path.Combine(_service.Directory, name);

        var exception = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, TempService.DevOptions()));

        var error = Assert.Single(exception.Errors);
        Assert.Equal(ConfigErrorCodes.ConfigFileIsScript, error.Code);
        Assert.True(error.At.IsWholeFile);
        Assert.Contains($"is a {language} service file", error.Message, StringComparison.Ordinal);
        Assert.Contains("serverless print --format yaml > serverless.yml", error.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("not a mapping", error.Message, StringComparison.Ordinal);
    }
}
