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

    // Bodies that made the validator throw (a 500 without the gateway's ids) or that the parser refused as too deep:
    // each gets the model's verdict, 400 or through to the function (502, as it is not built), never a 500.
    [Theory]
    [InlineData("""{"name": "\ud800a"}""", 400)]
    [InlineData("""{"name": "a\ud800"}""", 502)]
    [InlineData("""{"\udc00": 1}""", 400)]
    [InlineData("""{"big": 2e30}""", 502)]
    [InlineData("""{"big": 5}""", 400)]
    [InlineData("""{"name": "a", "count": 1.0}""", 400)]
    public async Task Dev_BodyThatUsedToBreakTheValidator_GetsTheModelsVerdict(string body, int status)
    {
        await using var dev = await CorpusDev.StartAsync(EdgeService);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await dev.Client.PostAsync("/dev/items", content);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
    }

    [Fact]
    public async Task Dev_BodyWithBytesThatAreNotUtf8_Answers400InvalidRequestBody()
    {
        await using var dev = await CorpusDev.StartAsync(EdgeService);
        byte[] body = [.. "{\"name\": \"a"u8, 0xff, .. "\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");

        using var response = await dev.Client.PostAsync("/dev/items", content);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("""{"message": "Invalid request body"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dev_BodyNested200LevelsThroughARecursiveModel_ReachesTheFunction()
    {
        await using var dev = await CorpusDev.StartAsync(EdgeService);
        var body = string.Concat(Enumerable.Repeat("""{"child": """, 199)) + "{}" + new string('}', 199);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await dev.Client.PostAsync("/dev/items", content);

        Assert.Equal(502, (int)response.StatusCode);
    }

    // 30 anyOf links that each refer to the next definition twice: 2^30 paths, about half an hour of checking
    // without the budget; with it, the gateway answers as for an invalid body after 2 s.
    [Fact]
    public async Task Dev_ModelTooSlowToCheckABody_Answers400WithinTheValidationBudget()
    {
        var links = Enumerable.Range(0, 30).Select(i =>
            $"                  d{i}: {{anyOf: [{{$ref: '#/definitions/d{i + 1}'}}, " +
            $"{{$ref: '#/definitions/d{i + 1}'}}]}}");
        var yaml = SlowService.Replace("{{links}}", string.Join("\n", links), StringComparison.Ordinal);
        await using var dev = await CorpusDev.StartAsync(yaml);

        using var content = new StringContent("1", System.Text.Encoding.UTF8, "application/json");
        using var response = await dev.Client.PostAsync("/dev/slow", content);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("""{"message": "Invalid request body"}""", await response.Content.ReadAsStringAsync());
    }

    private const string SlowService = """
        service: shop
        provider:
          name: aws
          runtime: nodejs16.x
        functions:
          target:
            handler: target.handler
            events:
              - http:
                  path: slow
                  method: post
                  request:
                    schemas:
                      application/json:
                        $ref: '#/definitions/d0'
                        definitions:
        {{links}}
                          d30: {type: string}
        """;

    private const string EdgeService = """
        service: shop
        provider:
          name: aws
          runtime: nodejs16.x
        functions:
          target:
            handler: target.handler
            events:
              - http:
                  path: items
                  method: post
                  request:
                    schemas:
                      application/json:
                        type: object
                        properties:
                          name: {type: string, pattern: '^a'}
                          big: {type: number, multipleOf: 1000000000000000000000000000000}
                          count: {type: integer}
                          child: {$ref: '#'}
                        additionalProperties: false
        """;

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

        /// <summary>Starts the fixture, or the service <paramref name="yaml"/> when it is given.</summary>
        public static async Task<CorpusDev> StartAsync(string? yaml = null)
        {
            var folder = Directory.CreateTempSubdirectory("stratus-request-validation-").FullName;
            var fixture = Path.Combine(
                RepositoryPaths.Corpus, "serverless__serverless__test__fixtures__programmatic__request-parameters");
            var config = Path.Combine(folder, "serverless.yml");
            if (yaml is null)
            {
                File.Copy(Path.Combine(fixture, "serverless.yml"), config);
            }
            else
            {
                File.WriteAllText(config, yaml);
            }

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
