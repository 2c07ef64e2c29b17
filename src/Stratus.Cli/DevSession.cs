using Stratus.Local;
using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>A built service running on the local cloud: what `stratus dev` serves and tests start.</summary>
/// <remarks>
/// Each build runs from folders of its own; a replaced build's folders are removed once its last process is gone,
/// and when the session ends only the current build's stay (the next build removes them).
/// </remarks>
internal sealed class DevSession : IAsyncDisposable
{
    // Replaced builds whose processes may still run: removed once drained, or when the session ends.
    private readonly List<ServiceBuild> _draining = [];

    private DevSession(ServiceDefinition service, ServiceBuild build, LocalCloud cloud)
    {
        Service = service;
        Build = build;
        Cloud = cloud;
    }

    /// <summary>The service as last loaded: a reload of serverless.yml replaces it.</summary>
    public ServiceDefinition Service { get; private set; }

    public ServiceBuild Build { get; private set; }

    public LocalCloud Cloud { get; }

    /// <summary>Starts the local cloud on the quick managed build, on 127.0.0.1:<paramref name="port"/>.</summary>
    public static Task<DevSession> StartAsync(
        ServiceDefinition service,
        int port,
        IFunctionOutputSink output,
        CliConsole console,
        CancellationToken cancellationToken) =>
        StartAsync(service, port, output, console, packaged: false, callerShowsOutcomes: false, cancellationToken);

    /// <summary>
    /// Starts the local cloud on the quick managed build, or, when <paramref name="packaged"/>, on the artifacts
    /// `stratus package` writes (unzipped), so what runs is what ships. With <paramref name="callerShowsOutcomes"/>
    /// the caller prints each invocation's outcome, and the emulator does not repeat its failures.
    /// </summary>
    public static async Task<DevSession> StartAsync(
        ServiceDefinition service,
        int port,
        IFunctionOutputSink output,
        CliConsole console,
        bool packaged,
        bool callerShowsOutcomes,
        CancellationToken cancellationToken)
    {
        var count = service.Functions.Count;
        await console.Error.WriteLineAsync($"Building {service.Name} ({count} function{(count == 1 ? "" : "s")})...");
        LocalCloudMapper.CheckSchedules(service);
        var build = await DevBuild.BuildAsync(
            service,
            packaged,
            line => console.Error.WriteLine("  " + line),
            cancellationToken);

        // Only a managed build is quick to rebuild; prebuilt artifacts alone already are what ships.
        var hint = packaged || !build.Kind.Contains("managed", StringComparison.Ordinal)
            ? ""
            : " (quick to rebuild; --packaged runs the deployable artifacts)";
        await console.Error.WriteLineAsync($"Running the {build.Kind}{hint}.");

        LocalCloud cloud;
        try
        {
            var run = callerShowsOutcomes ? LocalRun.InvokeLocal : LocalRun.Dev;
            var options = LocalCloudMapper.ToOptions(service, build, port, output, console.LoggerFactory, run) with
            {
                CallerShowsOutcomes = callerShowsOutcomes,

                // The one caller that shows outcomes runs one invocation and then ends its process: what the
                // runtime writes between its answer and its next poll must reach the log, END and REPORT first.
                LogsUntilNextEvent = callerShowsOutcomes,
            };
            cloud = await LocalCloud.StartAsync(options, cancellationToken);
        }
        catch
        {
            // Nothing runs it: its folders are let go, for the next build to remove.
            build.Dispose();
            throw;
        }

        return new DevSession(service, build, cloud);
    }

    /// <summary>
    /// Serves a new version of the service (a new build of it, or the service read again from serverless.yml and
    /// built): its functions, routes, schedules and API settings, with the drain
    /// <see cref="LocalCloud.ReplaceFunctionsAsync"/> describes.
    /// The returned task completes once the old version's processes are gone, and its build's folders with them.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The new version cannot be served by this local cloud (another stage or region); the old one keeps serving.
    /// </exception>
    public Task ReplaceServiceAsync(
        ServiceDefinition service,
        ServiceBuild build,
        IFunctionOutputSink output,
        CliConsole console,
        CancellationToken cancellationToken)
    {
        Task draining;
        try
        {
            // Only `dev` reloads.
            var options = LocalCloudMapper.ToOptions(
                service, build, port: 0, output, console.LoggerFactory, LocalRun.Dev);
            draining = Cloud.ReplaceAsync(options, cancellationToken);
        }
        catch
        {
            build.Retire();
            throw;
        }

        if (draining.IsFaulted)
        {
            build.Retire();
            return draining;
        }

        var replaced = Build;
        Service = service;
        Build = build;
        lock (_draining)
        {
            _draining.Add(replaced);
        }

        return RetireWhenDrainedAsync(replaced, draining);
    }

    public async ValueTask DisposeAsync()
    {
        await Cloud.DisposeAsync();

        // Every process has ended: the replaced builds can go, and the current one stays for a look.
        lock (_draining)
        {
            _draining.ForEach(build => build.Retire());
            _draining.Clear();
        }

        Build.Dispose();
    }

    /// <summary>
    /// Removes a replaced build's folders once its last process is gone: until then, a process still answering may
    /// load a file from them for the first time (a referenced library, a satellite assembly, a native library).
    /// </summary>
    private async Task RetireWhenDrainedAsync(ServiceBuild replaced, Task draining)
    {
        await draining;

        lock (_draining)
        {
            if (_draining.Remove(replaced))
            {
                replaced.Retire();
            }
        }
    }
}
