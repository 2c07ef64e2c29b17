using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Stratus.Local.Internal;

namespace Stratus.Local;

/// <summary>
/// The local cloud behind <c>stratus dev</c> and <c>stratus invoke local</c>: API Gateway, the Lambda Invoke API
/// and one Lambda Runtime API per function instance, all on 127.0.0.1.
/// </summary>
public sealed class LocalCloud : IAsyncDisposable
{
    // How long a replaced version's invocations may run on past their own timeout before they are ended.
    private static readonly TimeSpan DrainMargin = TimeSpan.FromSeconds(5);

    private readonly CloudContext _cloud;
    private readonly AsyncEventQueue _events;
    private readonly object _gate = new();
    private readonly List<CloudGeneration> _replaced = [];
    private CloudGeneration _current;
    private ScheduleRunner? _schedules;
    private LoopbackServer? _server;
    private int _disposed;

    private LocalCloud(LocalCloudOptions options)
    {
        _cloud = new CloudContext(options);
        _events = new AsyncEventQueue(_cloud);
        _current = new CloudGeneration(_cloud, options.Functions, GatewaySettings.From(options), _events);
        _events.Serve(_current);
    }

    /// <summary>The address the local cloud listens on, such as <c>http://127.0.0.1:3000/</c>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Every API Gateway route served, in declaration order, with its full local URL.</summary>
    public IReadOnlyList<RouteDescription> Routes { get; private set; } = [];

    private LogLevel LifecycleLevel => _cloud.Options.CallerShowsOutcomes ? LogLevel.Debug : LogLevel.Information;

    /// <summary>Starts the local cloud and returns once it listens; function processes start on first use.</summary>
    /// <exception cref="ArgumentException">The options are invalid, such as a duplicate key or route.</exception>
    public static async Task<LocalCloud> StartAsync(LocalCloudOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);

        var cloud = new LocalCloud(options);
        if (InstanceTempDirectory.DeleteOrphans() is var orphans and > 0)
        {
            EmulatorLog.OrphanedTempDirectoriesDeleted(cloud._cloud.Logger, orphans);
        }

        cloud._server = await LoopbackServer.StartAsync(
            options.Port,
            cloud.HandleAsync,
            cloud._cloud.LoggerFactory,
            recordSentHeaderNames: () => HasRestRoutes(Volatile.Read(ref cloud._current).Functions),
            cancellationToken);
        var port = cloud._server.Port;
        cloud.BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        cloud.Routes = cloud.DescribeRoutes();
        cloud._schedules = new ScheduleRunner(cloud._cloud, cloud._events);
        cloud._schedules.Serve(cloud._current);
        EmulatorLog.CloudStarted(cloud._cloud.Logger, cloud.LifecycleLevel, cloud.BaseAddress, options.Functions.Count);
        return cloud;
    }

    /// <summary>
    /// Whether any route is a REST API's, the only kind that passes header names on as sent: reading them costs
    /// every request a little, so connections read them only while there is one. Asked as each connection opens.
    /// Limitation: a connection opened before a reload that adds the first REST route keeps Kestrel's header
    /// names for as long as the client keeps it open.
    /// </summary>
    private static bool HasRestRoutes(IReadOnlyList<LocalFunction> functions) =>
        functions.Any(function => function.Routes.Any(route => route.Api == ApiKind.RestApi));

    /// <summary>Invokes a function directly, as the Lambda Invoke API does with RequestResponse.</summary>
    /// <param name="functionKey">The function's serverless.yml key.</param>
    /// <param name="payload">The event JSON; empty means <c>{}</c>.</param>
    /// <param name="cancellationToken">Stops waiting; the function itself runs on, as in Lambda.</param>
    /// <exception cref="ArgumentException">No function has the key <paramref name="functionKey"/>.</exception>
    public Task<InvocationResult> InvokeAsync(
        string functionKey,
        ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken) =>
        InvokeAsync(functionKey, payload, clientContext: null, cancellationToken);

    /// <summary>
    /// Invokes a function directly with a client context, as the Lambda Invoke API does with RequestResponse and
    /// X-Amz-Client-Context: the function's runtime gets it in the Lambda-Runtime-Client-Context header.
    /// </summary>
    /// <param name="functionKey">The function's serverless.yml key.</param>
    /// <param name="payload">The event JSON; empty means <c>{}</c>.</param>
    /// <param name="clientContext">The client context as one line of JSON, or null for none.</param>
    /// <param name="cancellationToken">Stops waiting; the function itself runs on, as in Lambda.</param>
    /// <exception cref="ArgumentException">No function has the key <paramref name="functionKey"/>.</exception>
    public Task<InvocationResult> InvokeAsync(
        string functionKey,
        ReadOnlyMemory<byte> payload,
        string? clientContext,
        CancellationToken cancellationToken)
    {
        var pool = PoolFor(functionKey);
        var invocation = InvokeRequest.Prepare(
            payload, payload.Length, isAsync: false, _cloud, clientContext, out var refusal);
        return invocation is null ? Task.FromResult(refusal!) : pool.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>
    /// Serves a new version of the functions, as after a rebuild: requests that arrive from now on go to new
    /// processes of <paramref name="functions"/>, while invocations already running finish on the old ones,
    /// which then stop. Completes once every old process is gone. Schedules keep their timing: a rule that was
    /// due in ten minutes still fires in ten minutes, on the new version, and so does a pending retry of a failed
    /// asynchronous invocation.
    /// </summary>
    /// <param name="functions">The functions to serve from now on; keys and routes may differ from before.</param>
    /// <param name="cancellationToken">Stops waiting for the old processes; they still end.</param>
    /// <exception cref="ArgumentException">The functions are invalid; the running version keeps serving.</exception>
    public Task ReplaceFunctionsAsync(IReadOnlyList<LocalFunction> functions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var settings = Volatile.Read(ref _current).Settings;
        return SwapAsync(functions, settings, cancellationToken);
    }

    /// <summary>
    /// Serves a new version of the service, as after serverless.yml was edited: its functions, as
    /// <see cref="ReplaceFunctionsAsync"/> does, and its API-wide settings (binary media types, the REST API's
    /// endpoint type, the HTTP API's CORS). What the cloud itself was started with stays: its port, stage,
    /// region, account, output and clock.
    /// </summary>
    /// <param name="options">The new version; its stage, region and account must be the running cloud's.</param>
    /// <param name="cancellationToken">Stops waiting for the old processes; they still end.</param>
    /// <exception cref="ArgumentException">
    /// The options are invalid, or name another stage, region or account, which only a restart applies (REST
    /// paths and every ARN carry them); the running version keeps serving.
    /// </exception>
    public Task ReplaceAsync(LocalCloudOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var running = _cloud.Options;
        if (options.Stage != running.Stage || options.Region != running.Region
            || options.AccountId != running.AccountId)
        {
            throw new ArgumentException(
                $"The new version is for stage '{options.Stage}', region '{options.Region}' and account " +
                $"'{options.AccountId}', but this local cloud serves '{running.Stage}', '{running.Region}' and " +
                $"'{running.AccountId}'; start it again to serve another.",
                nameof(options));
        }

        return SwapAsync(options.Functions, GatewaySettings.From(options), cancellationToken);
    }

    private async Task SwapAsync(
        IReadOnlyList<LocalFunction> functions,
        GatewaySettings settings,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        Validate(_cloud.Options with { Functions = functions });

        var next = new CloudGeneration(_cloud, functions, settings, _events);
        CloudGeneration old;
        lock (_gate)
        {
            old = _current;
            Volatile.Write(ref _current, next);
            _replaced.Add(old);
            Routes = DescribeRoutes();
            _schedules?.Serve(next);
            _events.Serve(next);
        }

        EmulatorLog.FunctionsReplaced(_cloud.Logger, functions.Count);
        var limit = old.LongestTimeout + DrainMargin;
        await Task.WhenAll(old.Pools.Select(pool => pool.DrainAsync(limit))).WaitAsync(cancellationToken);
        lock (_gate)
        {
            _replaced.Remove(old);
        }
    }

    /// <summary>The process ids of the function's running instances.</summary>
    /// <exception cref="ArgumentException">No function has the key <paramref name="functionKey"/>.</exception>
    public IReadOnlyList<int> GetProcessIds(string functionKey) => PoolFor(functionKey).GetProcessIds();

    /// <summary>Stops the server and ends every process the local cloud started, waiting until they are gone.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        CloudGeneration[] generations;
        lock (_gate)
        {
            _schedules?.Dispose();
            _events.Dispose();
            generations = [_current, .. _replaced];
        }

        var pools = generations.SelectMany(generation => generation.Pools).ToList();
        var running = pools.Sum(pool => pool.GetProcessIds().Count);
        await Task.WhenAll(pools.Select(pool => pool.StopAsync()));

        // Pools end their own instances; this catches any process that outlived its pool.
        var stragglers = await _cloud.EndAllProcessesAsync();
        if (_server is not null)
        {
            await _server.StopAsync(TimeSpan.FromSeconds(5));
        }

        var ended = Math.Max(running, stragglers);
        EmulatorLog.CloudStopped(_cloud.Logger, LifecycleLevel, ended);
    }

    /// <summary>The most instances the function ever had at once, for tests of the concurrency cap.</summary>
    internal int PeakInstances(string functionKey) => PoolFor(functionKey).PeakInstances;

    private FunctionPool PoolFor(string functionKey)
    {
        ArgumentNullException.ThrowIfNull(functionKey);
        var poolsByKey = Volatile.Read(ref _current).PoolsByKey;
        return poolsByKey.TryGetValue(functionKey, out var pool)
            ? pool
            : throw new ArgumentException(
                $"No function has key '{functionKey}'; known keys: {string.Join(", ", poolsByKey.Keys)}.",
                nameof(functionKey));
    }

    private async Task HandleAsync(HttpContext context)
    {
        // Taken for every request, whatever answers it, so that each request is paired with its own names.
        var sentHeaderNames = context.Features.Get<SentHeaderNames>()?.TakeNext();

        var generation = Volatile.Read(ref _current);
        try
        {
            if (context.Request.Path.StartsWithSegments(InvokeApi.Prefix, StringComparison.Ordinal))
            {
                await generation.InvokeApi.HandleAsync(context);
            }
            else if (InvokeApi.IsLambdaApiPath(context.Request.Path))
            {
                // The Lambda API's other operations must not fall through to a user's catch-all route.
                await generation.InvokeApi.HandleOtherAsync(context);
            }
            else
            {
                await generation.Gateway.HandleAsync(context, sentHeaderNames);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client hung up; the invocation, if any, runs to its end as in Lambda.
        }
        catch (BadHttpRequestException badRequest)
        {
            // A body shorter than its Content-Length, say: the client's fault, not the emulator's.
            var path = context.Request.Path.Value ?? string.Empty;
            EmulatorLog.ClientBrokeHttp(
                _cloud.Logger, context.Request.Method, path, badRequest.Message, badRequest.StatusCode);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = badRequest.StatusCode;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"message":"Bad Request"}""");
            }
        }
#pragma warning disable CA1031 // One failed request must not take the emulator down.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var path = context.Request.Path.Value ?? string.Empty;
            EmulatorLog.RequestFault(_cloud.Logger, context.Request.Method, path, exception);
            if (!context.Response.HasStarted)
            {
                // Whatever the failed answer had set (a function's headers, a Content-Length) must not frame this.
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"message":"Internal Server Error"}""");
            }
        }
    }

    private List<RouteDescription> DescribeRoutes()
    {
        var root = BaseAddress.ToString().TrimEnd('/');
        return
        [
            .. _current.Routes.Entries.Select(entry =>
            {
                var path = entry.Template.Path;

                // $default takes every path and method no other route takes; "{proxy+}" would suggest a path
                // parameter its events never carry.
                var method = entry.Template.IsDefault ? "$default" : entry.Method;
                var url = entry.Template.IsDefault ? root + "/*"
                    : entry.Route.Api == ApiKind.RestApi ? $"{root}/{_cloud.Options.Stage}{(path == "/" ? "" : path)}"
                    : root + path;
                return new RouteDescription(method, url, entry.Function.Key, entry.Route.Api) { Path = path };
            }),
        ];
    }

    private static void Validate(LocalCloudOptions options)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException(
                $"Port {options.Port} is not a TCP port; use 0 to 65535 (0 picks a free port).", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.Stage) || options.Stage.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Stage '{options.Stage}' is not a valid stage name; use a name such as 'dev'.", nameof(options));
        }

        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"IdleTimeout {options.IdleTimeout} must be positive.", nameof(options));
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in options.Functions)
        {
            ValidateFunction(function);
            if (!keys.Add(function.Key))
            {
                throw new ArgumentException(
                    $"Function key '{function.Key}' is used twice; keys must be unique.", nameof(options));
            }
        }
    }

    private static int InputCount(LocalSchedule schedule) =>
        new object?[] { schedule.Input, schedule.InputPath, schedule.InputTransformer }
            .Count(input => input is not null);

    private static void ValidateFunction(LocalFunction function)
    {
        if (string.IsNullOrWhiteSpace(function.Key) || string.IsNullOrWhiteSpace(function.Name))
        {
            throw new ArgumentException($"Function '{function.Key}' needs a non-empty Key and Name.", nameof(function));
        }

        if (function.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"Function '{function.Key}' has timeout {function.Timeout}; use a positive duration.",
                nameof(function));
        }

        if (function.Schedules.Any(schedule => InputCount(schedule) > 1))
        {
            throw new ArgumentException(
                $"Function '{function.Key}' has a schedule with more than one of Input, InputPath and " +
                "InputTransformer; EventBridge takes one.",
                nameof(function));
        }

        if (function.ReservedConcurrency is < 0)
        {
            throw new ArgumentException(
                $"Function '{function.Key}' has reservedConcurrency {function.ReservedConcurrency}; use 0 or more.",
                nameof(function));
        }

        if (function.MaximumRetryAttempts is < 0 or > 2)
        {
            throw new ArgumentException(
                $"Function '{function.Key}' has MaximumRetryAttempts {function.MaximumRetryAttempts}; use 0 to 2.",
                nameof(function));
        }

        if (function.MaximumEventAge < TimeSpan.FromMinutes(1) || function.MaximumEventAge > TimeSpan.FromHours(6))
        {
            throw new ArgumentException(
                $"Function '{function.Key}' has MaximumEventAge {function.MaximumEventAge}; use 1 minute to 6 hours.",
                nameof(function));
        }
    }
}
