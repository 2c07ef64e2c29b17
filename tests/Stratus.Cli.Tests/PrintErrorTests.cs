using System.Text.Json;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>
/// `stratus print` on malformed files gives a located, human error and exit code 2; on good files it honours
/// --stage, --region, --param, --format and --path.
/// </summary>
public sealed class PrintErrorTests : IDisposable
{
    private const string Head = "service: demo\nprovider:\n  name: aws\n  runtime: dotnet8\n";

    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "stratus-cli-print-tests", Guid.NewGuid().ToString("N"));

    public PrintErrorTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("bad indentation", Head + "custom:\n  a: 1\n   b: 2\n", "STR1005", 7)]
    [InlineData("a tab", Head + "custom:\n\ta: 1\n", "STR1003", 6)]
    [InlineData("a duplicate key", Head + "custom:\n  a: 1\n  a: 2\n", "STR1004", 7)]
    [InlineData("an unclosed variable", Head + "custom:\n  a: ${opt:stage\n", "STR1101", 6)]
    [InlineData("an unknown source", Head + "custom:\n  a: ${vault:secret}\n", "STR1104", 6)]
    [InlineData("a cycle", Head + "custom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\n", "STR1106", 0)]
    [InlineData("a missing self path", Head + "custom:\n  a: ${self:custom.nope}\n", "STR1105", 6)]
    public async Task Print_MalformedFile_ReportsLocatedErrorAndExits2(string fault, string yaml, string code, int line)
    {
        var config = Write(yaml);

        var run = await CliRun.RunAsync("print", "--config", config, "--stage", "dev");

        Assert.True(run.ExitCode == 2, $"{fault}: exit code {run.ExitCode}\n{run.Error}");
        var where = line > 0 ? $":{line}:" : ":";
        Assert.Matches($@"serverless\.yml{where}\d*:?\d+: error {code}: ", run.Error);
        Assert.Contains("fix: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task Print_StageRegionAndParams_ResolveAsGiven()
    {
        var yaml = Head + "params:\n  default:\n    table: default-table\n  qa:\n    table: qa-table\n" +
            "custom:\n  stage: ${sls:stage}\n  region: ${aws:region}\n  table: ${param:table}\n  key: ${param:key}\n";
        var config = Write(yaml);

        var run = await CliRun.RunAsync(
            "print",
            "--config",
            config,
            "--stage",
            "qa",
            "--region",
            "eu-west-1",
            "--param",
            "key=a=b",
            "--format",
            "json");

        Assert.Equal(0, run.ExitCode);
        using var printed = JsonDocument.Parse(run.Out);
        var custom = printed.RootElement.GetProperty("custom");
        Assert.Equal("qa", custom.GetProperty("stage").GetString());
        Assert.Equal("eu-west-1", custom.GetProperty("region").GetString());
        Assert.Equal("qa-table", custom.GetProperty("table").GetString());
        Assert.Equal("a=b", custom.GetProperty("key").GetString());
        Assert.Equal("eu-west-1", printed.RootElement.GetProperty("provider").GetProperty("region").GetString());
    }

    [Fact]
    public async Task Print_YamlWithPath_PrintsThatPartAsYaml()
    {
        var config = Write(Head + "custom:\n  nested:\n    a: 1\n    b: text\n");

        var run = await CliRun.RunAsync("print", "--config", config, "--format", "yaml", "--path", "custom.nested");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("a: 1\nb: text", run.Out.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Print_MissingPath_IsAUsageError()
    {
        var config = Write(Head);

        var run = await CliRun.RunAsync("print", "--config", config, "--path", "custom.nope");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("custom.nope", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_KeyHoldingVariable_WarnsOnStderrAndPrintsTheKeyAsWritten()
    {
        var config = Write(Head + "custom:\n  ${self:service}Key: 1\n");

        var run = await CliRun.RunAsync("print", "--config", config, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"serverless\.yml:6:3: warning STR1306: the key '\$\{self:service\}Key' ", run.Error);
        using var printed = JsonDocument.Parse(run.Out);
        Assert.Equal(1, printed.RootElement.GetProperty("custom").GetProperty("${self:service}Key").GetInt32());
    }

    [Fact]
    public async Task Print_PluginsAndFrameworkVersionTwo_WarnOnStandardErrorAndStillPrint()
    {
        var config = Write(Head + "frameworkVersion: '2'\nplugins:\n  - serverless-offline\n");

        var run = await CliRun.RunAsync("print", "--config", config, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"serverless\.yml:5:19: warning STR1307: ", run.Error);
        Assert.Matches(@"serverless\.yml:6:1: warning STR1308: .*'serverless-offline'", run.Error);
        Assert.Equal("demo", JsonDocument.Parse(run.Out).RootElement.GetProperty("service").GetString());
    }

    [Fact]
    public async Task Print_ConfigurationWithErrors_ShowsItsWarningsBeforeTheErrors()
    {
        var config = Write("service: demo\nprovider: google\nplugins:\n  - serverless-offline\n");

        var run = await CliRun.RunAsync("print", "--config", config);

        Assert.Equal(2, run.ExitCode);
        var warning = run.Error.IndexOf("warning STR1308", StringComparison.Ordinal);
        var error = run.Error.IndexOf(": error STR", StringComparison.Ordinal);
        Assert.True(warning >= 0 && error > warning, run.Error);
        Assert.Matches(@"serverless\.yml:3:1: warning STR1308: .*'serverless-offline'", run.Error);
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_directory, "serverless.yml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
