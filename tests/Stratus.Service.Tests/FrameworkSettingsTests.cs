using System.Text.Json;
using Stratus.Service.Internal.Model;

namespace Stratus.Service.Tests;

/// <summary>
/// provider written as a name, frameworkVersion and plugins: what the framework takes, and what Stratus says.
/// </summary>
public sealed class FrameworkSettingsTests : IDisposable
{
    private readonly TempService _service = new();

    public void Dispose() => _service.Dispose();

    [Fact]
    public void Load_ProviderWrittenAsName_ReadsItAsTheAwsProvider()
    {
        var yaml = "service: demo\nprovider: aws\nfunctions:\n  a:\n    handler: A::A.B\n";

        var service = _service.Load(yaml);

        Assert.Equal(("aws", "dev", "us-east-1"), (service.Provider.Name, service.Stage, service.Region));
        Assert.Equal("demo-dev-a", Assert.Single(service.Functions).Name);
        Assert.Empty(service.Warnings);
    }

    [Fact]
    public void WithFrameworkDefaults_ProviderWrittenAsName_PrintsTheMappingWithDefaults()
    {
        var service = _service.Load("service: demo\nprovider: aws\n");

        using var printed = JsonDocument.Parse(ServicePrinter.ToJson(ServicePrinter.WithFrameworkDefaults(service)));

        var provider = printed.RootElement.GetProperty("provider");
        Assert.Equal("aws", provider.GetProperty("name").GetString());
        Assert.Equal("dev", provider.GetProperty("stage").GetString());
        Assert.True(provider.GetProperty("versionFunctions").GetBoolean());
    }

    [Fact]
    public void Load_ProviderWrittenAsAnotherName_FailsAtTheName()
    {
        var error = Assert.Single(_service.LoadFails("service: demo\nprovider: google\n").Errors);

        Assert.Equal("STR1208", error.Code);
        Assert.Equal((2, 11), (error.At.Line, error.At.Column));
        Assert.Contains("'google'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'3'")]
    [InlineData("'*'")]
    [InlineData("'>=2.24.0'")]
    [InlineData("'^3.38.0'")]
    [InlineData("'2.x || 3.x'")]
    [InlineData("3")]
    public void Load_FrameworkVersionTakingThree_GivesNoWarning(string range)
    {
        var service = _service.Load(Yaml.Service($"frameworkVersion: {range}"));

        Assert.Empty(service.Warnings);
    }

    [Theory]
    [InlineData("'2'")]
    [InlineData("'>=4.0.0'")]
    [InlineData("'>=1.6.0 <2.1.0'")]
    [InlineData("'~3.39.0'")]
    [InlineData("'not a range'")]
    public void Load_FrameworkVersionExcludingThree_WarnsAtTheValue(string range)
    {
        var service = _service.Load(Yaml.Service($"frameworkVersion: {range}"));

        var warning = Assert.Single(service.Warnings);
        Assert.Equal("STR1307", warning.Code);
        Assert.Equal((5, 19), (warning.At.Line, warning.At.Column));
        Assert.Contains("excludes framework 3.40.0", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plugins:\n  - serverless-offline\n  - serverless-iam-roles-per-function")]
    [InlineData(
        "plugins:\n  localPath: ./plugins\n  modules:\n    - serverless-offline\n    - serverless-iam-roles-per-function")]
    public void Load_Plugins_WarnsOnceAtTheKeyNamingThem(string plugins)
    {
        var service = _service.Load(Yaml.Service(plugins));

        var warning = Assert.Single(service.Warnings);
        Assert.Equal("STR1308", warning.Code);
        Assert.Equal((5, 1), (warning.At.Line, warning.At.Column));
        Assert.Contains(
            "'serverless-offline', 'serverless-iam-roles-per-function' have no effect",
            warning.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PluginsAndKeyWithVariableBesideAnError_CarryTheirWarningsOnTheException()
    {
        var failure = _service.LoadFails("""
            service: demo
            provider: google
            plugins:
              - serverless-offline
            custom:
              ${self:service}Key: 1
            """);

        Assert.Equal(["STR1308", "STR1306"], failure.Warnings.Select(warning => warning.Code));
        Assert.Equal((3, 1), (failure.Warnings[0].At.Line, failure.Warnings[0].At.Column));
        Assert.NotEmpty(failure.Errors);
    }

    [Fact]
    public void Load_EmptyPlugins_GivesNoWarning()
    {
        var service = _service.Load(Yaml.Service("plugins: []"));

        Assert.Empty(service.Warnings);
    }

    [Theory]
    [InlineData("3", true)]
    [InlineData("3.40.0", true)]
    [InlineData("=3.40", true)]
    [InlineData(">= 3.0.0 < 4", true)]
    [InlineData("^3", true)]
    [InlineData("^3.41.0", false)]
    [InlineData("~3.40.0", true)]
    [InlineData("~3", true)]
    [InlineData("3.1 - 3.40", true)]
    [InlineData("3.41 - 4", false)]
    [InlineData(">3.40.0", false)]
    [InlineData(">3.39", true)]
    [InlineData(">3", false)]
    [InlineData("<=3.40", true)]
    [InlineData("<3.40.0", false)]
    [InlineData("<4.0.0-0", true)]
    [InlineData("3.x", true)]
    [InlineData("v3", true)]
    [InlineData("", true)]
    [InlineData("^0.3", false)]
    [InlineData("1 || 2", false)]
    [InlineData(">=4 || <3", false)]
    public void Satisfies_Range_MatchesNodeSemver(string range, bool expected)
    {
        Assert.Equal(expected, VersionRange.Satisfies(3, 40, 0, range));
    }
}
