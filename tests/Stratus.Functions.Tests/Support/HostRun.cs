using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stratus.Functions.Internal;

namespace Stratus.Functions.Tests.Support;

/// <summary>Runs the real runtime host against a <see cref="FakeRuntimeApi"/> until the test stops it.</summary>
internal sealed class HostRun : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryStream _logs = new();
    private readonly Task<int> _run;

    private HostRun(Action<FunctionAppBuilder> configure, Dictionary<string, string> variables)
    {
        var settings = new FunctionHostSettings
        {
            Variables = variables,
            LogOutput = _logs,
            TimeProvider = Clock,
            SetTraceId = TraceIds.Add,
        };
        // The probe is registered after the app's own services, so the test's instance is the one resolved.
        void ConfigureWithProbe(FunctionAppBuilder app)
        {
            configure(app);
            app.Services.AddSingleton(Probe);
        }

        _run = Task.Run(() => FunctionHost.RunAsync(ConfigureWithProbe, settings, _stop.Token));
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public List<string?> TraceIds { get; } = [];

    public Probe Probe { get; } = new();

    public Task<int> Completion => _run;

    public static Dictionary<string, string> Variables(FakeRuntimeApi api, string handler) => new()
    {
        ["AWS_LAMBDA_RUNTIME_API"] = api.Address,
        ["_HANDLER"] = handler,
        ["AWS_LAMBDA_FUNCTION_NAME"] = "probe-function",
        ["AWS_LAMBDA_FUNCTION_VERSION"] = "7",
        ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
        ["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/probe-function",
        ["AWS_LAMBDA_LOG_STREAM_NAME"] = "2025/03/01/[7]abcdef",
        ["AWS_REGION"] = "eu-west-1",
    };

    public static HostRun Begin(Action<FunctionAppBuilder> configure, Dictionary<string, string> variables) =>
        new(configure, variables);

    /// <summary>Cancels the loop and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _run;
    }

    /// <summary>Parses the JSON log lines written so far; call after the host has stopped.</summary>
    public IReadOnlyList<JsonElement> LogLines() =>
        System.Text.Encoding.UTF8.GetString(_logs.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
        await _logs.DisposeAsync();
    }
}
