using System.Text.Json;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>`stratus invoke local` runs one function through the Runtime API and prints its result.</summary>
[Collection(UsersServiceGroup.Name)]
public sealed class InvokeLocalTests
{
    private static readonly string Config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

    [Fact]
    public async Task InvokeLocal_Status_PrintsTheStatusResponse()
    {
        var run = await CliRun.RunAsync("invoke", "local", "-f", "status", "--config", Config);

        Assert.Equal(0, run.ExitCode);
        using var result = JsonDocument.Parse(run.Out);
        Assert.Equal(200, result.RootElement.GetProperty("statusCode").GetInt32());
        Assert.Contains("1.0.0", result.RootElement.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeLocal_EventOfTheWrongShape_ExitsNonZeroWithTheFunctionError()
    {
        var run = await CliRun.RunAsync("invoke", "local", "-f", "status", "--data", "[1, 2, 3]", "--config", Config);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: function 'status' failed", run.Error, StringComparison.Ordinal);
    }
}
