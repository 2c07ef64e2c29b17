using Microsoft.Extensions.Logging;

namespace Stratus.Local.Tests.Support;

/// <summary>A local cloud on 127.0.0.1:0 with a client, a recording output sink and recorded logs.</summary>
internal sealed class TestCloud : IAsyncDisposable
{
    public const string Region = "eu-west-1";
    public const string AccountId = "123456789012";

    private readonly ILoggerFactory _loggerFactory;

    private TestCloud(
        LocalCloud cloud,
        RecordingSink output,
        RecordingLoggerProvider logs,
        ILoggerFactory loggerFactory)
    {
        Cloud = cloud;
        Output = output;
        Logs = logs;
        _loggerFactory = loggerFactory;
        Client = new HttpClient { BaseAddress = cloud.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public LocalCloud Cloud { get; }

    public HttpClient Client { get; }

    public RecordingSink Output { get; }

    public RecordingLoggerProvider Logs { get; }

    public static Task<TestCloud> StartAsync(params LocalFunction[] functions) =>
        StartAsync(functions, options => options);

    public static async Task<TestCloud> StartAsync(
        IReadOnlyList<LocalFunction> functions,
        Func<LocalCloudOptions, LocalCloudOptions> configure)
    {
        var output = new RecordingSink();
        var logs = new RecordingLoggerProvider();
        var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var options = configure(new LocalCloudOptions
        {
            Stage = "dev",
            Region = Region,
            AccountId = AccountId,
            Functions = functions,
            Output = output,
            LoggerFactory = loggerFactory,
        });
        var cloud = await LocalCloud.StartAsync(options, CancellationToken.None);
        return new TestCloud(cloud, output, logs, loggerFactory);
    }

    public Task<InvocationResult> InvokeAsync(string functionKey, string payload = "{}") =>
        Cloud.InvokeAsync(functionKey, System.Text.Encoding.UTF8.GetBytes(payload), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Cloud.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
