using Stratus.Cli.Errors;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>--param read as framework v3 reads it: 'key=value', value required, its trailing spaces dropped.</summary>
public sealed class ParamOptionTests
{
    [Theory]
    [InlineData("a=b", "a", "b")]
    [InlineData("a=b  ", "a", "b")]
    [InlineData("a=  b", "a", "  b")]
    [InlineData("a==b", "a", "=b")]
    [InlineData("a= ", "a", "")]
    public void ParseParams_KeyAndValue_TrimsOnlyTheValuesEnd(string option, string key, string value)
    {
        var parameters = ServiceContext.ParseParams([option]);

        Assert.Equal(value, parameters[key]);
    }

    [Theory]
    [InlineData("a", "is not of the form key=value")]
    [InlineData("=b", "is not of the form key=value")]
    [InlineData("a=", "has no value after '='")]
    public void ParseParams_MissingKeyOrValue_IsAUsageError(string option, string problem)
    {
        var error = Assert.Throws<UsageException>(() => ServiceContext.ParseParams([option]));

        Assert.Equal("STR4006", error.Code);
        Assert.Contains($"--param '{option}' {problem}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_EmptyParam_ExitsTwoNamingIt()
    {
        using var service = new TempServiceFile("param-option-tests");
        var config = Path.Combine(service.Folder, "serverless.yml");
        await File.WriteAllTextAsync(config, "service: demo\nprovider:\n  name: aws\n");

        var run = await CliRun.RunAsync("print", "--config", config, "--param", "table=");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("STR4006", run.Error, StringComparison.Ordinal);
        Assert.Contains("--param 'table=' has no value", run.Error, StringComparison.Ordinal);
    }
}
