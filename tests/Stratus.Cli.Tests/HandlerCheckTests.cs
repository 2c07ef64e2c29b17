using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>
/// A handler that names a class the service cannot run is refused after the build, at the handler in serverless.yml,
/// rather than at the function's first cold start.
/// </summary>
[Collection(FaultyServiceGroup.Name)]
public sealed class HandlerCheckTests
{
    [Theory]
    [InlineData("UnregisteredHandler", "STR3022", "add app.AddHandler<UnregisteredHandler>()")]
    [InlineData("Log", "STR3023", "name the handler class that serves this function")]
    public async Task InvokeLocal_HandlerClassTheServiceCannotRun_IsRefusedAtTheHandler(
        string className, string code, string fix)
    {
        using var config = WriteServiceBesideTheFixture(className);

        var run = await CliRun.RunAsync("invoke", "local", "-f", "probe", "--config", config.Path);

        Assert.Equal(2, run.ExitCode);
        var at = $"{System.IO.Path.GetFileName(config.Path)}:7:14";
        Assert.Contains($"{at}: error {code}", run.Error, StringComparison.Ordinal);
        Assert.Contains($"'Faulty.Functions.{className}'", run.Error, StringComparison.Ordinal);
        Assert.Contains(fix, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeLocal_HandlerRegisteredThroughAGenericHelper_IsServed()
    {
        using var config = WriteServiceBesideTheFixture("MemoryReportingHandler");

        var run = await CliRun.RunAsync("invoke", "local", "-f", "probe", "--config", config.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"statusCode\": 200", run.Out, StringComparison.Ordinal);
    }

    /// <summary>A second service file beside the fixture's, so the build finds the same functions project.</summary>
    private static TempFile WriteServiceBesideTheFixture(string className)
    {
        var path = System.IO.Path.Combine(RepositoryPaths.FaultyService, $"serverless.probe-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, $"""
            service: probe
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              probe:
                handler: Faulty.Functions::Faulty.Functions.{className}
            """);
        return new TempFile(path);
    }

    private sealed record TempFile(string Path) : IDisposable
    {
        public void Dispose() => File.Delete(Path);
    }
}
