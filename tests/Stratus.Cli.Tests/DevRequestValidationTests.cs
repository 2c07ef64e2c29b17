using Microsoft.Extensions.Logging.Abstractions;
using Stratus.Cli.Tests.Support;
using Stratus.Local;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>
/// The framework's request-parameters fixture (serverless/serverless test/fixtures/programmatic, from the shared
/// corpus) served by a real local cloud: the validators the framework deploys refuse requests over HTTP before
/// the function, which is not built here, would run.
/// </summary>
public sealed class DevRequestValidationTests
{
    [Theory]
    [InlineData("/dev/querystrings-required", "url")]
    [InlineData("/dev/headers-required", "foo")]
    [InlineData("/dev/params-with-schema", "url")]
    public async Task Dev_CorpusRouteWithARequiredParameterSentWithout_Answers400NamingIt(string path, string name)
    {
        await using var dev = await CorpusDev.StartAsync();

        using var response = await dev.Client.GetAsync(path);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(
            $$"""{"message": "Missing required request parameters: [{{name}}]"}""",
            await response.Content.ReadAsStringAsync());
        Assert.Equal("BadRequestException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Empty(dev.Cloud.GetProcessIds("target"));
    }

    // The function is not built, so a request the validator lets through fails at the function (502), not at 400.
    [Theory]
    [InlineData("/dev/querystrings-not-required")]
    [InlineData("/dev/querystrings-required?url=https%3A%2F%2Fexample.com")]
    [InlineData("/dev/no-params-with-schema")]
    public async Task Dev_CorpusRouteWhoseValidatorPasses_ReachesTheFunction(string path)
    {
        await using var dev = await CorpusDev.StartAsync();

        using var response = await dev.Client.GetAsync(path);

        Assert.NotEqual(400, (int)response.StatusCode);
    }

    /// <summary>`dev`'s local cloud for a copy of the fixture, on 127.0.0.1 and a port of its own.</summary>
    private sealed class CorpusDev : IAsyncDisposable
    {
        private readonly string _folder;

        private CorpusDev(string folder, LocalCloud cloud)
        {
            _folder = folder;
            Cloud = cloud;
            Client = new HttpClient { BaseAddress = cloud.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        }

        public LocalCloud Cloud { get; }

        public HttpClient Client { get; }

        public static async Task<CorpusDev> StartAsync()
        {
            var folder = Directory.CreateTempSubdirectory("stratus-request-validation-").FullName;
            var fixture = Path.Combine(
                RepositoryPaths.Corpus, "serverless__serverless__test__fixtures__programmatic__request-parameters");
            var config = Path.Combine(folder, "serverless.yml");
            File.Copy(Path.Combine(fixture, "serverless.yml"), config);
            var service = ServiceLoader.Load(config, new ServiceLoadOptions());
            var options = LocalCloudMapper.ToOptions(
                service, BuildOf(service, folder), port: 0, new NoOutput(), NullLoggerFactory.Instance, LocalRun.Dev);
            return new CorpusDev(folder, await LocalCloud.StartAsync(options, CancellationToken.None));
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Cloud.DisposeAsync();
            Directory.Delete(_folder, recursive: true);
        }

        private static ServiceBuild BuildOf(ServiceDefinition service, string folder)
        {
            var output = Path.Combine(folder, "bin");
            var functions = service.Functions.ToDictionary(
                function => function.Key,
                function => new FunctionBuild("Target", Path.Combine(folder, "Target.csproj"), output, "Target.dll"));
            return new ServiceBuild(functions, "managed Debug build");
        }
    }

    private sealed class NoOutput : IFunctionOutputSink
    {
        public void WriteLine(string functionKey, FunctionOutputStream stream, string line)
        {
        }
    }
}
