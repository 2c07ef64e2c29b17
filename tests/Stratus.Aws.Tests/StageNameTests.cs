using Stratus.Service;

namespace Stratus.Aws.Tests;

/// <summary>Stage names are checked where they become stack and bucket names.</summary>
public sealed class StageNameTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-stage-").FullName;

    [Theory]
    [InlineData("dev")]
    [InlineData("alice-dev")]
    [InlineData("Prod2")]
    // 'probe-' and these 122 characters make a stack name of exactly CloudFormation's 128.
    [InlineData("s123456789s123456789s123456789s123456789s123456789s123456789s123456789s123456789s123456789"
        + "s123456789s123456789s123456789s1")]
    public void Load_StackSafeStage_IsAccepted(string stage)
    {
        var service = ServiceLoader.Load(Config(), new ServiceLoadOptions { Stage = stage });

        Assert.Equal(stage, service.Stage);
    }

    // "dev\n" from a block scalar or an environment variable: $ would match before the line end, \z does not.
    [Theory]
    [InlineData("my_stage")]
    [InlineData("dev.1")]
    [InlineData("dev\n")]
    [InlineData("s123456789s123456789s123456789s123456789s123456789s123456789s123456789s123456789s123456789"
        + "s123456789s123456789s123456789s12345678")]
    public void Load_StageNoStackNameAllows_IsAConfigError(string stage)
    {
        var error = Assert.Throws<ConfigException>(
            () => ServiceLoader.Load(Config(), new ServiceLoadOptions { Stage = stage }));

        var only = Assert.Single(error.Errors);
        Assert.Equal(ConfigErrorCodes.StageInvalid, only.Code);
        Assert.Contains(
            $"the stage '{stage.Replace("\n", "\\n", StringComparison.Ordinal)}' is not letters, digits and hyphens",
            only.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadStageFromTheOption_IsLocatedAtProviderStageAndSaysToFixTheOption()
    {
        var path = WriteService("""
            service: probe
            provider:
              name: aws
              stage: ${opt:stage, 'dev'}
            functions: {}
            """);

        var error = Assert.Throws<ConfigException>(
            () => ServiceLoader.Load(path, new ServiceLoadOptions { Stage = "bad/stage" }));

        var only = Assert.Single(error.Errors);
        Assert.Equal((path, 4, 10), (only.At.File, only.At.Line, only.At.Column));
        Assert.Contains("(it comes from --stage)", only.Message, StringComparison.Ordinal);
        Assert.Contains("pass --stage", only.Fix, StringComparison.Ordinal);
    }

    // The file does not take the value (it has none, or a literal the option overrides), so the error names the
    // file alone: a caret at line 1, or under the literal, would mark text that is not the culprit.
    [Theory]
    [InlineData("stage", "bad/stage", "STR1215", "pass --stage", false)]
    [InlineData("region", "moon-1", "STR1218", "pass --region", false)]
    [InlineData("stage", "bad/stage", "STR1215", "pass --stage", true)]
    [InlineData("region", "moon-1", "STR1218", "pass --region", true)]
    public void Load_BadOptionTheFileDoesNotTake_NamesTheFileWithoutALine(
        string option, string value, string code, string fix, bool fileHasLiterals)
    {
        var literals = fileHasLiterals ? "\n  stage: prod\n  region: eu-west-1" : "";
        var path = WriteService($$"""
            # the region and the stage come from the defaults
            service: probe
            provider:
              name: aws{{literals}}
            functions: {}
            """);
        var options = option == "stage"
            ? new ServiceLoadOptions { Stage = value }
            : new ServiceLoadOptions { Region = value };

        var error = Assert.Throws<ConfigException>(() => ServiceLoader.Load(path, options));

        var only = Assert.Single(error.Errors);
        Assert.Equal(code, only.Code);
        Assert.True(only.At.IsWholeFile);
        Assert.Contains(fix, only.Fix, StringComparison.Ordinal);
        var text = only.Format(sourceLine: "# the region and the stage come from the defaults");
        Assert.StartsWith($"{path}: error {code}: ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("^", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PersonalStageWithParams_UsesDefaultBlockAndStageBlock()
    {
        var path = WriteService("""
            service: probe
            provider:
              name: aws
              stage: ${opt:stage, 'dev'}
              environment:
                TABLE: ${param:table}
                LEVEL: ${param:level}
            params:
              default:
                table: ${sls:stage}-users
                level: info
              prod:
                level: warn
            functions: {}
            """);

        var personal = ServiceLoader.Load(path, new ServiceLoadOptions { Stage = "alice" });
        var prod = ServiceLoader.Load(path, new ServiceLoadOptions { Stage = "prod" });

        Assert.Equal("alice-users", personal.Provider.Environment["TABLE"]);
        Assert.Equal("info", personal.Provider.Environment["LEVEL"]);
        Assert.Equal("prod-users", prod.Provider.Environment["TABLE"]);
        Assert.Equal("warn", prod.Provider.Environment["LEVEL"]);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Config() => WriteService("service: probe\nprovider:\n  name: aws\nfunctions: {}\n");

    private string WriteService(string yaml)
    {
        var path = Path.Combine(_folder, "serverless.yml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
