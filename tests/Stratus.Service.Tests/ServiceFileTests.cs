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

    [Fact]
    public void FindWarnings_KeysHoldingVariables_WarnOncePerKeyAtTheKey()
    {
        var yaml = Yaml.WithCustom(
            "${self:service}Key: 1",
            "a: &x",
            "  ${opt:stage, 'dev'}: 2",
            "b: *x",
            "escaped\\${self:service}: 3",
            "cfn: {'Fn::Sub': {'${AWS::Region}': 4}}",
            "plain: ${self:service}");

        var warnings = ConfigWarnings.Find(_service.Load(yaml));

        Assert.All(warnings, warning => Assert.Equal(ConfigErrorCodes.VariableInKey, warning.Code));
        Assert.Equal([(6, 3, 18), (8, 5, 19)], warnings.Select(w => (w.At.Line, w.At.Column, w.At.Length)));
        Assert.Contains("'${self:service}Key'", warnings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ServiceIncludingFilesAndUsingDotenv_ListsEveryFileItReadsAndTheEnvFilesLookedFor()
    {
        _service.Write("config/shared.yml", "memory: 512\nnested: ${file(./config/deeper.json):size}\n");
        _service.Write("config/deeper.json", """{"size": 3}""");
        var yaml = """
            service: demo
            useDotenv: true
            provider:
              name: aws
              memorySize: ${file(./config/shared.yml):memory}
            custom:
              size: ${file(./config/shared.yml):nested}
            """;

        var service = _service.Load(yaml);

        string In(string name) => Path.Combine(_service.Directory, name);
        Assert.Equal(
            [In("serverless.yml"), In("config/deeper.json"), In("config/shared.yml"), In(".env.dev"), In(".env")],
            service.ConfigFiles);
    }
}
