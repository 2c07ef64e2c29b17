using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Stratus.Cli.Tests.Support;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>
/// `stratus dev`'s reload for an invocation that is still running when the new build is served: it finishes on the
/// old build's files, even those it loads only after the swap (a referenced library), and the old build's folder
/// goes once its last process has.
/// </summary>
public sealed class DevReloadInFlightTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-inflight-").FullName;
    private readonly StringBuilder _console = new();
    private readonly TextWriter _error;
    private readonly CancellationTokenSource _stop = new();
    private DevSession _session = null!;
    private Task _watching = Task.CompletedTask;

    public DevReloadInFlightTests() => _error = TextWriter.Synchronized(new StringWriter(_console));

    private string ConfigFile => Path.Combine(_folder, "serverless.yml");

    private string HandlerFile => Path.Combine(_folder, "src", "Greet.Functions", "GreetHandler.cs");

    private string GreeterFile => Path.Combine(_folder, "src", "LibShared", "Greeter.cs");

    private string BuildsFolder => Path.Combine(_folder, ".stratus", "build", "Greet.Functions");

    // The handler writes 'started' once it runs, then waits for 'go' before it first touches the library.
    private string Started => Path.Combine(_folder, "started");

    private string Go => Path.Combine(_folder, "go");

    public async Task InitializeAsync()
    {
        WriteService();
        var console = new CliConsole(_error, _error, NullLoggerFactory.Instance);
        var output = new RecordingOutputSink();

        _session = await DevSession.StartAsync(LoadService(), port: 0, output, console, CancellationToken.None);
        _watching = new ReloadCoordinator(_session, LoadService, console, output, packaged: false)
            .RunAsync(_stop.Token);
        await WaitForAsync(() => Console().Contains("Watching 3 project folder(s)", StringComparison.Ordinal));
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
        _stop.Dispose();
        _error.Dispose();
    }

    [Fact]
    public async Task Dev_InvocationRunningAcrossAReload_LoadsTheOldBuildsLibraryAndItsFolderGoesOnceDrained()
    {
        var inFlight = _session.Cloud.InvokeAsync("greet", ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        await WaitForAsync(() => File.Exists(Started));

        // The edit renames the library's method, as the breaker's did: the old handler calls one the new library
        // no longer has.
        await File.WriteAllTextAsync(GreeterFile, Greeter("Hello", "new"));
        await File.WriteAllTextAsync(HandlerFile, Handler("Hello"));
        await WaitForAsync(() => Console().Contains("Reloaded: new requests run", StringComparison.Ordinal));
        await File.WriteAllTextAsync(Go, "");
        var old = await inFlight;
        var next = await _session.Cloud.InvokeAsync("greet", ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Null(old.ErrorType);
        Assert.Equal("\"old\"", Encoding.UTF8.GetString(old.Payload.Span));
        Assert.Equal("\"new\"", Encoding.UTF8.GetString(next.Payload.Span));
        await WaitForAsync(() => Directory.GetDirectories(BuildsFolder).Length == 1);
        Assert.Equal(
            Path.GetDirectoryName(_session.Build.ByFunctionKey["greet"].EntryAssemblyPath),
            Assert.Single(Directory.GetDirectories(BuildsFolder)));
    }

    // Ctrl+C while a replaced build still drains: its processes end with the session, and its folder with them.
    [Fact]
    public async Task Dev_StoppedWhileAReplacedBuildStillRuns_LeavesOnlyTheCurrentBuildsFolder()
    {
        var inFlight = _session.Cloud.InvokeAsync("greet", ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        await WaitForAsync(() => File.Exists(Started));
        await File.WriteAllTextAsync(GreeterFile, Greeter("Hey", "new"));
        await WaitForAsync(() => Console().Contains("Reloaded: new requests run", StringComparison.Ordinal));
        Assert.Equal(2, Directory.GetDirectories(BuildsFolder).Length);

        await StopAsync(inFlight);

        Assert.Equal(
            Path.GetDirectoryName(_session.Build.ByFunctionKey["greet"].EntryAssemblyPath),
            Assert.Single(Directory.GetDirectories(BuildsFolder)));
    }

    // Reading 'Greeter' only in a method of its own makes the runtime load LibShared.dll when that method is first
    // compiled, after the wait: the moment a draining process would load a file of its build for the first time.
    private string Handler(string method) => $$"""
        using System.Runtime.CompilerServices;
        using System.Text;
        using Stratus.Functions;

        namespace Greet.Functions;

        public static class Registrations
        {
            public static void Add(FunctionAppBuilder app) => app.AddHandler<GreetHandler>();
        }

        public sealed class GreetHandler : IFunctionHandler
        {
            public async Task<ReadOnlyMemory<byte>> InvokeAsync(
                ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken)
            {
                File.WriteAllText(@"{{Started}}", "");
                while (!File.Exists(@"{{Go}}"))
                {
                    await Task.Delay(50, cancellationToken);
                }

                return Encoding.UTF8.GetBytes("\"" + Greet() + "\"");
            }

            [MethodImpl(MethodImplOptions.NoInlining)]
            private static string Greet() => LibShared.Greeter.{{method}}();
        }
        """;

    private static string Greeter(string method, string answer) => $$"""
        namespace LibShared;

        public static class Greeter
        {
            public static string {{method}}() => "{{answer}}";
        }
        """;

    private void WriteService()
    {
        var sdk = Path.Combine(RepositoryPaths.Root, "src", "Stratus.Functions", "Stratus.Functions.csproj");
        var project = Path.Combine(_folder, "src", "Greet.Functions");
        var library = Path.Combine(_folder, "src", "LibShared");
        Directory.CreateDirectory(project);
        Directory.CreateDirectory(library);
        File.WriteAllText(ConfigFile, """
            service: greet
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              greet:
                handler: Greet.Functions::Greet.Functions.GreetHandler
                timeout: 600

            """);
        File.WriteAllText(Path.Combine(library, "LibShared.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
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
                <ProjectReference Include="../LibShared/LibShared.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            return await Stratus.Functions.FunctionApp.RunAsync(Greet.Functions.Registrations.Add);
            """);
        File.WriteAllText(GreeterFile, Greeter("Hey", "old"));
        File.WriteAllText(HandlerFile, Handler("Hey"));
    }

    /// <summary>Stops as Ctrl+C does: the watch loop, then the session; the invocation in flight ends too.</summary>
    private async Task StopAsync(Task inFlight)
    {
        await _stop.CancelAsync();
        await _watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _session.DisposeAsync();
        await inFlight.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private ServiceDefinition LoadService() => ServiceLoader.Load(ConfigFile, new ServiceLoadOptions());

    private string Console()
    {
        // The synchronized writer locks on itself while it writes.
        lock (_error)
        {
            return _console.ToString();
        }
    }

    private async Task WaitForAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Waited {Deadline}; the console showed:\n{Console()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
