using Microsoft.Extensions.Logging.Abstractions;
using Stratus.Service;

namespace Stratus.Cli.Tests.Support;

/// <summary>A service built and served by the same code as `stratus dev`, on a free port, for one test class.</summary>
public abstract class ServiceFixture : IAsyncLifetime
{
    private readonly string _configPath;
    private DevSession? _session;

    protected ServiceFixture(string serviceDirectory) =>
        _configPath = Path.Combine(serviceDirectory, "serverless.yml");

    internal RecordingOutputSink Output { get; } = new();

    internal DevSession Session => _session ?? throw new InvalidOperationException("The fixture has not started.");

    public HttpClient Client { get; private set; } = new();

    public async Task InitializeAsync() => await StartAsync();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }

    /// <summary>Stops the running session, as Ctrl+C on `stratus dev` would, and starts a new one.</summary>
    public async Task RestartAsync()
    {
        await DisposeAsync();
        await StartAsync();
    }

    private async Task StartAsync()
    {
        var service = ServiceLoader.Load(_configPath, new ServiceLoadOptions
        {
            Stage = "dev",
            Options = new Dictionary<string, string> { ["stage"] = "dev" },
            Params = new Dictionary<string, string>(),
            Environment = new Dictionary<string, string>(),
            ExternalSources = SecretSources.ForLocalCloud(
                _configPath,
                ServiceLoadOptions.ReadProcessEnvironment(),
                TextWriter.Null),
        });
        var console = new CliConsole(TextWriter.Null, TextWriter.Null, NullLoggerFactory.Instance);

        _session = await DevSession.StartAsync(service, port: 0, Output, console, CancellationToken.None);
        Client = new HttpClient { BaseAddress = _session.Cloud.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }
}

/// <summary>The users example, served once for its test class.</summary>
public sealed class UsersServiceFixture() : ServiceFixture(RepositoryPaths.UsersService);

/// <summary>The faulty-service fixture, served once for its test class.</summary>
public sealed class FaultyServiceFixture() : ServiceFixture(RepositoryPaths.FaultyService);
