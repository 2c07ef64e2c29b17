using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Stratus.Cli.Tests.Support;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>
/// `stratus dev`'s watch and reload, as the command runs it: a saved source change rebuilds; a good build serves new
/// requests, a failed one is reported and the previous build keeps serving.
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

    public async Task InitializeAsync()
    {
        WriteService();
        var service = ServiceLoader.Load(Path.Combine(_folder, "serverless.yml"), new ServiceLoadOptions());
        var console = new CliConsole(TextWriter.Null, _error, NullLoggerFactory.Instance);
        var output = new RecordingOutputSink();

        _session = await DevSession.StartAsync(service, port: 0, output, console, CancellationToken.None);
        _client = new HttpClient { BaseAddress = _session.Cloud.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _watching = new ReloadCoordinator(_session, console, output, packaged: false).RunAsync(_stop.Token);
        await WaitForConsoleAsync("Watching 2 project folder(s)"); // the functions project and the SDK it references
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

        Assert.Contains("GreetHandler.cs", Console(), StringComparison.Ordinal);
        Assert.Contains("error CS", Console(), StringComparison.Ordinal);
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
                return Task.FromResult(new HttpApiResponse { StatusCode = 200, Body = "{{answer}}" });
            }
        }
        """;

    private void WriteService()
    {
        var sdk = Path.Combine(RepositoryPaths.Root, "src", "Stratus.Functions", "Stratus.Functions.csproj");
        var project = Path.Combine(_folder, "src", "Greet.Functions");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(_folder, "serverless.yml"), """
            service: greet
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              greet:
                # The handler is on line 8, column 14.
                handler: Greet.Functions::Greet.Functions.GreetHandler
                events:
                  - httpApi: GET /greet
            """);
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

    private async Task<string> GreetAsync()
    {
        using var response = await _client.GetAsync("/greet");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private string Console()
    {
        // The synchronized writer locks on itself while it writes.
        lock (_error)
        {
            return _console.ToString();
        }
    }

    private async Task WaitForConsoleAsync(string text)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!Console().Contains(text, StringComparison.Ordinal))
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"The console never showed '{text}' within {Deadline}; it showed:\n{Console()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
