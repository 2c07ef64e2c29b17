using Stratus.Service.Internal;

namespace Stratus.Service.Tests;

/// <summary>useDotenv: true, as framework v3 loads .env.{stage} or .env from the service folder.</summary>
public sealed class DotenvTests : IDisposable
{
    private const string Head = "service: demo\nuseDotenv: true\nprovider:\n  name: aws\n";

    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Load_UseDotenvWithStageFile_ReadsTheStageFileOnly()
    {
        _service.Write(".env.dev", "TABLE=dev-table\n");
        _service.Write(".env", "TABLE=default-table\nOTHER=x\n");

        var service = _service.Load(Head + "custom:\n  table: ${env:TABLE}\n  other: ${env:OTHER, 'none'}\n");

        Assert.Equal("dev-table", Yaml.Value(service, "custom.table"));
        Assert.Equal("none", Yaml.Value(service, "custom.other"));
    }

    [Fact]
    public void Load_UseDotenvWithoutStageFile_ReadsDotEnvForTheOptionStage()
    {
        _service.Write(".env.dev", "TABLE=dev-table\n");
        _service.Write(".env", "TABLE=default-table\n");
        var options = TempService.DevOptions(options: new Dictionary<string, string> { ["stage"] = "qa" });

        var service = _service.Load(Head + "custom:\n  table: ${env:TABLE}\n", options);

        Assert.Equal("default-table", Yaml.Value(service, "custom.table"));
    }

    [Fact]
    public void Load_UseDotenvWithProviderStage_ReadsThatStagesFile()
    {
        _service.Write(".env.prod", "TABLE=prod-table\n");
        var yaml = "service: demo\nuseDotenv: true\nprovider:\n  name: aws\n  stage: ${opt:stage, 'prod'}\n" +
            "custom:\n  table: ${env:TABLE}\n";

        var service = _service.Load(yaml);

        Assert.Equal("prod-table", Yaml.Value(service, "custom.table"));
    }

    [Fact]
    public void Load_ProcessEnvironmentHasTheName_KeepsTheProcessValue()
    {
        _service.Write(".env", "TABLE=from-file\n");
        var options = TempService.DevOptions(environment: new Dictionary<string, string> { ["TABLE"] = "from-shell" });

        var service = _service.Load(Head + "custom:\n  table: ${env:TABLE}\n", options);

        Assert.Equal("from-shell", Yaml.Value(service, "custom.table"));
    }

    [Fact]
    public void Load_WithoutUseDotenv_IgnoresTheFile()
    {
        _service.Write(".env", "TABLE=from-file\n");

        var service = _service.Load(Yaml.WithCustom("table: ${env:TABLE, 'unset'}"));

        Assert.Equal("unset", Yaml.Value(service, "custom.table"));
    }

    [Fact]
    public void Load_DotenvReferences_AreExpanded()
    {
        _service.Write(".env", "HOST=db.local\nURL=postgres://${HOST}:${PORT:-5432}/$NAME\nNAME=app\nPRICE=\\$5\n");
        var options = TempService.DevOptions(environment: new Dictionary<string, string> { ["NAME"] = "shell" });

        var service = _service.Load(Head + "custom:\n  url: ${env:URL}\n  price: ${env:PRICE}\n", options);

        Assert.Equal("postgres://db.local:5432/shell", Yaml.Value(service, "custom.url"));
        Assert.Equal("$5", Yaml.Value(service, "custom.price"));
    }

    [Fact]
    public void Load_DotenvVariables_DoNotReachFunctionsThemselves()
    {
        _service.Write(".env", "SECRET=s\nTABLE=t\n");
        var yaml = Head + "functions:\n  a:\n    handler: A::A.B\n    environment:\n      TABLE: ${env:TABLE}\n";

        var function = Assert.Single(_service.Load(yaml).Functions);

        Assert.Equal(new Dictionary<string, string> { ["TABLE"] = "t" }, function.Environment);
    }

    [Theory]
    [InlineData(false, false, "'.env.dev' or '.env' (neither exists)")]
    [InlineData(false, true, "'.env' ('.env.dev' does not exist)")]
    [InlineData(true, true, "'.env.dev', which")]
    public void Load_VariableInNoFile_NamesTheFilesLookedAt(bool stageFile, bool defaultFile, string named)
    {
        if (stageFile)
        {
            _service.Write(".env.dev", "OTHER=1\n");
        }

        if (defaultFile)
        {
            _service.Write(".env", "OTHER=1\n");
        }

        var error = Assert.Single(_service.LoadFails(Head + "custom:\n  table: ${env:TABLE}\n").Errors);

        Assert.Equal("STR1116", error.Code);
        Assert.Contains("'TABLE' is not set, and " + named, error.Message, StringComparison.Ordinal);
        Assert.Contains("useDotenv: true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DotenvSyntax_ReadsAsDotenvDoes()
    {
        var text = "# comment\nexport A=1\nB = two words  # note\nC='single # kept'\nD=\"line\\nbreak\"\n" +
            "E=\"multi\nline\"\nF=\nG: colon\nA=last\n";

        var parsed = DotenvParser.Parse(text).ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.Equal("last", parsed["A"]);
        Assert.Equal("two words", parsed["B"]);
        Assert.Equal("single # kept", parsed["C"]);
        Assert.Equal("line\nbreak", parsed["D"]);
        Assert.Equal("multi\nline", parsed["E"]);
        Assert.Equal("", parsed["F"]);
        Assert.Equal("colon", parsed["G"]);
    }
}
