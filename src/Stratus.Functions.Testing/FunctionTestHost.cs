using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stratus.Functions.Internal;
using Stratus.Functions.Testing.Internal;

namespace Stratus.Functions.Testing;

/// <summary>
/// Runs handlers with the app's real registrations, some replaced by test doubles, the way the runtime does:
/// a new DI scope per invocation, the request id in every log entry, and cancellation before the deadline.
/// </summary>
public sealed class FunctionTestHost : IAsyncDisposable, IDisposable
{
    private readonly ServiceProvider _services;
    private readonly TestLogSink _logs;

    private FunctionTestHost(
        ServiceProvider services,
        TestFunctionEnvironment environment,
        TestLogSink logs,
        IReadOnlyList<string> handlerNames)
    {
        _services = services;
        _logs = logs;
        Environment = environment;
        HandlerNames = handlerNames;
    }

    /// <summary>Gets the root service provider, for arranging or inspecting singletons.</summary>
    public IServiceProvider Services => _services;

    /// <summary>Gets the environment the app was configured with.</summary>
    public TestFunctionEnvironment Environment { get; }

    /// <summary>Gets the registered handler names (type full names).</summary>
    public IReadOnlyList<string> HandlerNames { get; }

    /// <summary>Gets every entry logged through the app's logging, in order, at every level.</summary>
    public IReadOnlyList<TestLogEntry> Logs => _logs.Entries;

    /// <summary>
    /// Configures the app as <c>FunctionApp.RunAsync</c> would, then applies test doubles: every service type
    /// registered by <paramref name="configureTestServices"/> replaces all of the app's registrations of that type.
    /// </summary>
    /// <param name="configure">The app's own configure method, such as <c>UsersFunctions.Configure</c>.</param>
    /// <param name="configureTestServices">Registers test doubles, such as a fake store.</param>
    /// <param name="environment">The function's environment variables.</param>
    public static FunctionTestHost Create(
        Action<FunctionAppBuilder> configure,
        Action<IServiceCollection>? configureTestServices = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(configure);

        var testEnvironment = new TestFunctionEnvironment(environment);
        var logs = new TestLogSink();
        var builder = new FunctionAppBuilder(
            testEnvironment,
            TimeProvider.System,
            new TestLoggerProvider(logs),
            LogLevel.Trace);
        configure(builder);
        if (configureTestServices is not null)
        {
            ReplaceServices(builder.Services, configureTestServices);
        }

        // Scope validation catches a scoped service captured by a singleton, which would leak between invocations.
        var services = builder.Build(validateScopes: true);
        return new FunctionTestHost(services, testEnvironment, logs, builder.HandlerNames.ToArray());
    }

    /// <summary>Runs a typed handler on an event in a new DI scope and returns its result.</summary>
    /// <param name="input">The event.</param>
    /// <param name="context">
    /// The context; when null, a new <see cref="TestLambdaContext"/> whose logger writes into <see cref="Logs"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    public async Task<TResult> InvokeAsync<THandler, TEvent, TResult>(
        TEvent input,
        ILambdaContext? context = null,
        CancellationToken cancellationToken = default)
        where THandler : FunctionHandler<TEvent, TResult>
    {
        var name = SelectHandler(HandlerName.Of(typeof(THandler)));
        context ??= CreateContext(name);
        using var scope = InvocationScope.Begin(context.AwsRequestId);
        using var cancellation = new InvocationCancellation(
            context.Deadline,
            ClockOf(context),
            cancellationToken);

        await using var services = _services.CreateAsyncScope();
        var handler = services.ServiceProvider.GetRequiredService<THandler>();
        return await handler.ExecuteAsync(input, context, cancellation.Token);
    }

    /// <summary>
    /// Runs an HTTP API handler on a request, such as one from <see cref="HttpApiRequestBuilder"/>.
    /// </summary>
    public Task<HttpApiResponse> InvokeHttpApiAsync<THandler>(
        HttpApiRequest request,
        ILambdaContext? context = null,
        CancellationToken cancellationToken = default)
        where THandler : HttpApiHandler =>
        InvokeAsync<THandler, HttpApiRequest, HttpApiResponse>(request, context, cancellationToken);

    /// <summary>
    /// Runs a REST API handler on a request, such as one from <see cref="RestApiRequestBuilder"/>.
    /// </summary>
    public Task<RestApiResponse> InvokeRestApiAsync<THandler>(
        RestApiRequest request,
        ILambdaContext? context = null,
        CancellationToken cancellationToken = default)
        where THandler : RestApiHandler =>
        InvokeAsync<THandler, RestApiRequest, RestApiResponse>(request, context, cancellationToken);

    /// <summary>
    /// Runs a handler on raw event JSON through the same path the Runtime API uses (scope, resolve by name,
    /// <see cref="IFunctionHandler.InvokeAsync"/>) and returns the response JSON.
    /// </summary>
    /// <param name="handlerName">The handler's type full name, or a _HANDLER value such as "Assembly::Type".</param>
    /// <param name="json">The event JSON.</param>
    /// <param name="context">
    /// The context; when null, a new <see cref="TestLambdaContext"/> whose logger writes into <see cref="Logs"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the invocation.</param>
    /// <exception cref="InvalidOperationException">No registered handler has that name.</exception>
    public async Task<string> InvokeJsonAsync(
        string handlerName,
        string json,
        ILambdaContext? context = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);

        var name = SelectHandler(handlerName);
        context ??= CreateContext(name);
        using var scope = InvocationScope.Begin(context.AwsRequestId);
        using var cancellation = new InvocationCancellation(
            context.Deadline,
            ClockOf(context),
            cancellationToken);

        var invoker = new HandlerInvoker(_services, name);
        var response = await invoker.InvokeAsync(Encoding.UTF8.GetBytes(json), context, cancellation.Token);
        return Encoding.UTF8.GetString(response.Span);
    }

    /// <summary>
    /// Runs a handler on raw event JSON, selecting it by type; see <see cref="InvokeJsonAsync(string,
    /// string, ILambdaContext?, CancellationToken)"/>.
    /// </summary>
    public Task<string> InvokeJsonAsync<THandler>(
        string json,
        ILambdaContext? context = null,
        CancellationToken cancellationToken = default)
        where THandler : IFunctionHandler =>
        InvokeJsonAsync(HandlerName.Of(typeof(THandler)), json, context, cancellationToken);

    /// <summary>
    /// Creates a context like the one invocations get by default: its logger writes into <see
    /// cref="Logs"/>.
    /// </summary>
    /// <param name="category">The logger category, usually the handler's full type name.</param>
    public TestLambdaContext CreateContext(string category = "Stratus.Functions.Testing.FunctionTestHost") => new()
    {
        FunctionName = Environment.FunctionName,
        TimeProvider = _services.GetRequiredService<TimeProvider>(),
        Logger = _services.GetRequiredService<ILoggerFactory>().CreateLogger(category),
    };

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();

    private static void ReplaceServices(
        IServiceCollection services,
        Action<IServiceCollection> configureTestServices)
    {
        var doubles = new ServiceCollection();
        configureTestServices(doubles);

        foreach (var descriptor in doubles)
        {
            for (var i = services.Count - 1; i >= 0; i--)
            {
                var existing = services[i];
                if (existing.ServiceType == descriptor.ServiceType
                    && Equals(existing.ServiceKey, descriptor.ServiceKey))
                {
                    services.RemoveAt(i);
                }
            }
        }

        foreach (var descriptor in doubles)
        {
            services.Add(descriptor);
        }
    }

    private static TimeProvider ClockOf(ILambdaContext context) =>
        context is ITimeProviderSource source ? source.TimeProvider : TimeProvider.System;

    private string SelectHandler(string handler)
    {
        if (!HandlerName.TrySelect(handler, HandlerNames, out var selected, out var error))
        {
            throw new InvalidOperationException(error);
        }

        return selected;
    }
}
