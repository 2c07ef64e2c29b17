using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Stratus.Cli.Tests.Support;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>
/// `stratus dev`'s watch and reload, as the command runs it: a saved source change rebuilds; a good build serves new
/// requests, a failed one is reported and the previous build keeps serving. A saved serverless.yml (or a file it
/// includes) is read again and its new version served the same way.
/// </summary>
public sealed class DevReloadTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-reload-").FullName;
    private readonly StringBuilder _console = new();
    private readonly TextWriter _error;
    private readonly CancellationTokenSource _stop = new();
    private DevSession _session = null!;
    private HttpClient _client = null!;
    private Task _watching = Task.CompletedTask;

    public DevReloadTests() => _error = TextWriter.Synchronized(new StringWriter(_console));

    private string HandlerFile => Path.Combine(_folder, "src", "Greet.Functions", "GreetHandler.cs");

    private string ConfigFile => Path.Combine(_folder, "serverless.yml");

    public async Task InitializeAsync()
    {
        WriteService();
        var service = LoadService();
        var console = new CliConsole(_error, _error, NullLoggerFactory.Instance);
        var output = new RecordingOutputSink();

        _session = await DevSession.StartAsync(service, port: 0, output, console, CancellationToken.None);
        _client = new HttpClient { BaseAddress = _session.Cloud.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _watching = new ReloadCoordinator(_session, LoadService, console, output, packaged: false)
            .RunAsync(_stop.Token);
        await WaitForConsoleAsync("Watching 2 project folder(s)"); // the functions project and the SDK it references
        await WaitForConsoleAsync("Watching serverless.yml");
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _session.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    // xUnit calls this after DisposeAsync.
    public void Dispose()
    {
        _client.Dispose();
        _stop.Dispose();
        _error.Dispose();
    }

    [Fact]
    public async Task Dev_SourceSavedWithAGoodChange_ServesTheNewBuild()
    {
        Assert.Equal("v1", await GreetAsync());

        await File.WriteAllTextAsync(HandlerFile, Handler("GreetHandler", "v2"));
        await WaitForConsoleAsync("Reloaded: new requests run the new build.");

        Assert.Equal("v2", await GreetAsync());
    }

    [Fact]
    public async Task Dev_SourceSavedThatDoesNotCompile_PrintsTheCompilerErrorAndKeepsServing()
    {
        await File.WriteAllTextAsync(HandlerFile, Handler("GreetHandler", "v2").Replace("return", "retrun"));
        await WaitForConsoleAsync("the previous build keeps serving");

        Assert.Matches(@"GreetHandler\.cs:\d+:\d+: error CS\d{4}: ", Console());
        Assert.Equal("v1", await GreetAsync());
    }

    [Fact]
    public async Task Dev_SourceSavedWithoutTheHandlerClass_ReportsStr3003AtTheHandlerAndKeepsServing()
    {
        await File.WriteAllTextAsync(HandlerFile, Handler("HelloHandler", "v2"));
        await WaitForConsoleAsync("The rebuild was refused; the previous build keeps serving");

        var config = Path.Combine(_folder, "serverless.yml");
        Assert.Contains($"{config}:8:14: error STR3003", Console(), StringComparison.Ordinal);
        Assert.Contains("fix: ", Console(), StringComparison.Ordinal);
        Assert.Equal("v1", await GreetAsync());
    }

    [Fact]
    public async Task Dev_ServiceFileSavedWithANewRouteAndEnvironment_ServesThemAndDropsTheOldRoute()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "greeting.yml"), "text: hello from a file\n");
        await File.WriteAllTextAsync(ConfigFile, ServiceYaml(
            route: "GET /hello",
            functionSettings: "environment:\n      GREETING: ${file(./greeting.yml):text}"));
        await WaitForConsoleAsync("Reloaded the service: new requests run the new version.");

        Assert.Equal("hello from a file", await GetTextAsync("/hello"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusOfAsync(HttpMethod.Get, "/greet"));
        Assert.Contains($"GET  {_session.Cloud.BaseAddress}hello", Console(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_FileTheServiceIncludesSaved_ServesTheValueItNowHolds()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "greeting.yml"), "text: first\n");
        await File.WriteAllTextAsync(ConfigFile, ServiceYaml(
            functionSettings: "environment:\n      GREETING: ${file(./greeting.yml):text}"));
        await WaitForConsoleAsync("Reloaded the service");
        Assert.Equal("first", await GreetAsync());
        var reloads = CountInConsole("Reloaded the service");

        await File.WriteAllTextAsync(Path.Combine(_folder, "greeting.yml"), "text: second\n");
        await WaitForAsync(() => CountInConsole("Reloaded the service") > reloads);

        Assert.Equal("second", await GreetAsync());
    }

    [Fact]
    public async Task Dev_ServiceFileSavedWithAnError_PrintsItAtItsLineAndKeepsServing()
    {
        await File.WriteAllTextAsync(ConfigFile, ServiceYaml(functionSettings: "timeout: soon"));
        await WaitForConsoleAsync("The new configuration was refused; the running version keeps serving");

        Assert.Matches(@"serverless\.yml:\d+:\d+: error STR\d{4}", Console());
        Assert.Contains("timeout", Console(), StringComparison.Ordinal);
        Assert.Equal("v1", await GreetAsync());
    }

    [Fact]
    public async Task Dev_ServiceFileSavedWithHttpApiCors_TheGatewayAnswersPreflightsFromThenOn()
    {
        using var before = await PreflightAsync();
        Assert.False(before.Headers.Contains("Access-Control-Allow-Origin"));

        await File.WriteAllTextAsync(ConfigFile, ServiceYaml(providerSettings: "httpApi:\n    cors: true"));
        await WaitForConsoleAsync("Reloaded the service");

        using var after = await PreflightAsync();
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
        Assert.Equal("*", Assert.Single(after.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Dev_ServiceFileSavedWithAnotherStage_SaysToRestartAndKeepsServing()
    {
        await File.WriteAllTextAsync(ConfigFile, ServiceYaml(providerSettings: "stage: prod"));
        await WaitForConsoleAsync("start it again to serve the new stage or region");

        Assert.Contains("stage 'prod'", Console(), StringComparison.Ordinal);
        Assert.Equal("v1", await GreetAsync());
    }

    [Fact]
    public async Task Dev_ServiceFileSavedAgainWhileItsReloadBuilds_ServesTheLastSave()
    {
        await File.WriteAllTextAsync(ConfigFile, ServiceYaml(functionSettings: "environment:\n      GREETING: first"));
        await WaitForConsoleAsync("reading the service again");
        await File.WriteAllTextAsync(ConfigFile, ServiceYaml(functionSettings: "environment:\n      GREETING: last"));

        await WaitForAsync(() => GreetingIsAsync("last"), "the last save to be served");
    }

    [Fact]
    public async Task Dev_RefusedForAFileThatIsMissing_ReloadsOnceTheFileIsWritten()
    {
        await File.WriteAllTextAsync(ConfigFile, ServiceYaml(
            functionSettings: "environment:\n      GREETING: ${file(./later.yml):text}"));
        await WaitForConsoleAsync("The new configuration was refused");

        await File.WriteAllTextAsync(Path.Combine(_folder, "later.yml"), "text: written later\n");

        await WaitForAsync(() => GreetingIsAsync("written later"), "the file's value to be served");
    }

    [Fact]
    public async Task Dev_ConfigurationNamingAClassNotWrittenYet_IsServedOnceTheClassIsWritten()
    {
        const string Hello = """
              hello:
                handler: Greet.Functions::Greet.Functions.HelloHandler
                events:
                  - httpApi: GET /hello
            provider:

            """;
        await File.WriteAllTextAsync(ConfigFile, ServiceYaml().Replace("provider:\n", Hello, StringComparison.Ordinal));
        await WaitForConsoleAsync("The new configuration waits for a build that succeeds");

        await File.WriteAllTextAsync(HandlerFile, TwoHandlers());

        await WaitForAsync(
            async () => await StatusOfAsync(HttpMethod.Get, "/hello") == HttpStatusCode.OK, "/hello to answer");
        Assert.Equal("hello", await GetTextAsync("/hello"));
        Assert.Equal("v1", await GreetAsync());
    }

    private async Task<bool> GreetingIsAsync(string expected)
    {
        using var response = await _client.GetAsync("/greet");
        return await response.Content.ReadAsStringAsync() == expected;
    }

    private static string TwoHandlers() => """
        using Stratus.Functions;

        namespace Greet.Functions;

        public static class Registrations
        {
            public static void Add(FunctionAppBuilder app)
            {
                app.AddHandler<GreetHandler>();
                app.AddHandler<HelloHandler>();
            }
        }

        public sealed class GreetHandler : HttpApiHandler
        {
            protected override Task<HttpApiResponse> HandleAsync(
                HttpApiRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpApiResponse { StatusCode = 200, Body = "v1" });
        }

        public sealed class HelloHandler : HttpApiHandler
        {
            protected override Task<HttpApiResponse> HandleAsync(
                HttpApiRequest input, ILambdaContext context, CancellationToken cancellationToken) =>
                Task.FromResult(new HttpApiResponse { StatusCode = 200, Body = "hello" });
        }
        """;

    // The file registers its own class, so renaming the class is one save that still compiles.
    private static string Handler(string className, string answer) => $$"""
        using Stratus.Functions;

        namespace Greet.Functions;

        public static class Registrations
        {
            public static void Add(FunctionAppBuilder app) => app.AddHandler<{{className}}>();
        }

        public sealed class {{className}} : HttpApiHandler
        {
            protected override Task<HttpApiResponse> HandleAsync(
                HttpApiRequest input, ILambdaContext context, CancellationToken cancellationToken)
            {
                var body = Environment.GetEnvironmentVariable("GREETING") ?? "{{answer}}";
                return Task.FromResult(new HttpApiResponse { StatusCode = 200, Body = body });
            }
        }
        """;

    private void WriteService()
    {
        var sdk = Path.Combine(RepositoryPaths.Root, "src", "Stratus.Functions", "Stratus.Functions.csproj");
        var project = Path.Combine(_folder, "src", "Greet.Functions");
        Directory.CreateDirectory(project);
        File.WriteAllText(ConfigFile, ServiceYaml());
        File.WriteAllText(Path.Combine(project, "Greet.Functions.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{sdk}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            return await Stratus.Functions.FunctionApp.RunAsync(Greet.Functions.Registrations.Add);
            """);
        File.WriteAllText(HandlerFile, Handler("GreetHandler", "v1"));
    }

    // The handler stays on line 8, column 14, whatever the settings add: they go below it (YAML keys in any order).
    private static string ServiceYaml(
        string route = "GET /greet",
        string providerSettings = "",
        string functionSettings = "")
    {
        var provider = providerSettings.Length == 0 ? "" : "\n  " + providerSettings;
        var function = functionSettings.Length == 0 ? "" : "\n    " + functionSettings;
        return $"""
            service: greet
            # The provider is at the end,
            # so that its settings
            # move no line above them.
            functions:
              greet:
                # The handler is on line 8, column 14.
                handler: Greet.Functions::Greet.Functions.GreetHandler
                events:
                  - httpApi: {route}{function}
            provider:
              name: aws
              runtime: provided.al2023{provider}

            """;
    }

    private ServiceDefinition LoadService() => ServiceLoader.Load(ConfigFile, new ServiceLoadOptions());

    private Task<string> GreetAsync() => GetTextAsync("/greet");

    private async Task<string> GetTextAsync(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpStatusCode> StatusOfAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> PreflightAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/greet");
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        return await _client.SendAsync(request);
    }

    private int CountInConsole(string text)
    {
        var console = Console();
        var count = 0;
        for (var at = console.IndexOf(text, StringComparison.Ordinal); at >= 0;
             at = console.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private string Console()
    {
        // The synchronized writer locks on itself while it writes.
        lock (_error)
        {
            return _console.ToString();
        }
    }

    private Task WaitForConsoleAsync(string text) =>
        WaitForAsync(() => Console().Contains(text, StringComparison.Ordinal), $"the console to show '{text}'");

    private Task WaitForAsync(Func<bool> condition, string what = "the reload") =>
        WaitForAsync(() => Task.FromResult(condition()), what);

    private async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Waited {Deadline} for {what}; the console showed:\n{Console()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
