using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Stratus.Functions.Internal.Secrets;

namespace Stratus.Functions.Internal;

/// <summary>
/// The custom runtime: configures the app once, selects the handler named by _HANDLER, then loops over
/// GET next / invoke / POST response-or-error until cancelled or the Runtime API fails.
/// </summary>
internal sealed class FunctionHost
{
    public const string InvalidEntrypointErrorType = "Runtime.InvalidEntrypoint";
    public const string LogCategory = "Stratus.Functions.Runtime";
    public const int SuccessExitCode = 0;
    public const int FailureExitCode = 1;

    private readonly FunctionHostSettings _settings;
    private readonly FunctionEnvironment _environment;
    private readonly RuntimeApiClient _client;
    private readonly ILogger _logger;
    private readonly string _functionVersion;
    private readonly int _memoryLimitInMB;

    private FunctionHost(
        FunctionHostSettings settings,
        FunctionEnvironment environment,
        RuntimeApiClient client,
        ILogger logger)
    {
        _settings = settings;
        _environment = environment;
        _client = client;
        _logger = logger;
        _functionVersion = environment.Get(EnvironmentNames.FunctionVersion) ?? "$LATEST";
        _memoryLimitInMB = int.TryParse(
            environment.Get(EnvironmentNames.MemorySize),
            NumberStyles.None,
            CultureInfo.InvariantCulture,
            out var memory) ? memory : 0;
    }

    public static async Task<int> RunAsync(
        Action<FunctionAppBuilder> configure,
        FunctionHostSettings settings,
        CancellationToken cancellationToken)
    {
        var environment = new FunctionEnvironment(settings.Variables);
        var minimumLevel = LogLevels.Resolve(settings.Variables, out var invalidLevelVariable);
        using var logs = new JsonLoggerProvider(
            settings.LogOutput,
            settings.TimeProvider,
            environment.FunctionName,
            minimumLevel);
        var logger = logs.CreateLogger(LogCategory);
        if (invalidLevelVariable is not null)
        {
            HostLog.UnknownLogLevel(logger, invalidLevelVariable);
        }

        if (settings.CapsHeapAtMemorySize)
        {
            CapHeap(settings.Variables, logger);
        }

        var runtimeApi = environment.Get(EnvironmentNames.RuntimeApi);
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            // There is nowhere to post an init error, so stdout is the only report.
            HostLog.RuntimeApiMissing(logger);
            return FailureExitCode;
        }

        using var client = new RuntimeApiClient(runtimeApi, environment.Get(EnvironmentNames.RuntimeApiSocket));
        var host = new FunctionHost(settings, environment, client, logger);
        return await host.RunAsync(configure, logs, minimumLevel, cancellationToken);
    }

    private static void CapHeap(IReadOnlyDictionary<string, string> variables, ILogger logger)
    {
        var available = (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (HeapLimit.Choose(variables, available) is not { } limit)
        {
            return;
        }

        try
        {
            HeapLimit.Apply(limit);
        }
        catch (Exception exception) when (exception is InvalidOperationException or NotSupportedException)
        {
            // The GC refuses a limit below what the heap already holds; the function still runs, uncapped.
            HostLog.HeapLimitRefused(logger, limit / (1024 * 1024), exception);
        }
    }

    private async Task<int> RunAsync(
        Action<FunctionAppBuilder> configure,
        ILoggerProvider logs,
        LogLevel minimumLevel,
        CancellationToken cancellationToken)
    {
        var serving = await InitializeAsync(configure, logs, minimumLevel, cancellationToken);
        if (serving is null)
        {
            return cancellationToken.IsCancellationRequested ? SuccessExitCode : FailureExitCode;
        }

        await using (serving.Services)
        {
            return await ServeAsync(serving, cancellationToken);
        }
    }

    /// <summary>
    /// Configures the app and selects the handler; on failure, reports an init error and returns null.
    /// </summary>
    private async Task<ServingHandler?> InitializeAsync(
        Action<FunctionAppBuilder> configure,
        ILoggerProvider logs,
        LogLevel minimumLevel,
        CancellationToken cancellationToken)
    {
        ServiceProvider? services = null;
        try
        {
            // Secrets are decrypted before any user code runs, so a failure is an init error naming the variable.
            var variables = await SecretDecryptor.DecryptAsync(
                _settings.Variables,
                _settings.TimeProvider,
                cancellationToken);
            var environment = ReferenceEquals(variables, _settings.Variables)
                ? _environment
                : new FunctionEnvironment(variables);
            var builder = new FunctionAppBuilder(environment, _settings.TimeProvider, logs, minimumLevel);
            configure(builder);
            services = builder.Build(validateScopes: false);

            var serving = await SelectHandlerAsync(builder, services, cancellationToken);
            if (serving is not null)
            {
                return serving;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            HostLog.Stopped(_logger);
        }
        catch (Exception exception)
        {
            // Anything thrown while configuring, building or resolving the handler is the app's init error,
            // reported with the exception's type as AWS's runtimes report it.
            await ReportInitErrorAsync(ErrorReport.From(exception), exception, cancellationToken);
        }

        if (services is not null)
        {
            await services.DisposeAsync();
        }

        return null;
    }

    private async Task<ServingHandler?> SelectHandlerAsync(
        FunctionAppBuilder builder,
        ServiceProvider services,
        CancellationToken cancellationToken)
    {
        var variable = string.IsNullOrWhiteSpace(_environment.Get(EnvironmentNames.StratusHandler))
            ? EnvironmentNames.Handler
            : EnvironmentNames.StratusHandler;
        var handler = _environment.Get(variable);
        if (!HandlerName.TrySelect(handler, builder.HandlerNames, out var selected, out var error, variable))
        {
            var body = new RuntimeErrorBody(error, InvalidEntrypointErrorType, []);
            await ReportInitErrorAsync(body, exception: null, cancellationToken);
            return null;
        }

        var invoker = new HandlerInvoker(services, selected);
        await invoker.ValidateAsync();

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(selected);
        HostLog.HandlerSelected(_logger, selected);
        return new ServingHandler(services, invoker, logger);
    }

    private async Task<int> ServeAsync(ServingHandler serving, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var invocation = _client.GetNextInvocation(cancellationToken);
                await InvokeAsync(serving, invocation, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                HostLog.Stopped(_logger);
                return SuccessExitCode;
            }
            catch (Exception exception) when (exception is IOException or RuntimeApiException)
            {
                // The Runtime API is local to the sandbox; when it fails, the sandbox is going away.
                HostLog.RuntimeApiFailed(_logger, "the runtime loop", exception);
                return FailureExitCode;
            }
        }
    }

    private async Task InvokeAsync(
        ServingHandler serving,
        NextInvocation invocation,
        CancellationToken cancellationToken)
    {
        _settings.SetTraceId(invocation.TraceId);
        using var scope = InvocationScope.Begin(invocation.RequestId);
        var context = CreateContext(invocation, serving.Logger);
        if (invocation.Deadline is null)
        {
            HostLog.NoDeadline(_logger, invocation.RequestId);
        }

        var clock = _settings.TimeProvider;
        using var cancellation = new InvocationCancellation(context.Deadline, clock, cancellationToken);
        ReadOnlyMemory<byte> response;
        try
        {
            response = await serving.Invoker.InvokeAsync(invocation.Payload, context, cancellation.Token);
        }
        catch (Exception exception)
        {
            // The host is stopping: nobody waits for this answer any more.
            cancellationToken.ThrowIfCancellationRequested();

            // Any handler failure becomes a Lambda function error, which API Gateway answers with 5xx.
            var error = ErrorReport.From(exception);
            if (exception is OperationCanceledException && cancellation.Token.IsCancellationRequested)
            {
                error = OutOfTime(error);
            }

            HostLog.InvocationFailed(
                _logger,
                invocation.RequestId,
                error.ErrorType,
                error.ErrorMessage,
                TraceWorthLogging(exception));
            Post(() => _client.PostError(invocation.RequestId, error, cancellationToken), invocation);
            return;
        }

        Post(() => _client.PostResponse(invocation.RequestId, response, cancellationToken), invocation);
    }

    /// <summary>
    /// A handler that honours its token stops just before the deadline, so Lambda's "Task timed out" never comes:
    /// the error says that time ran out, which "A task was canceled." alone does not.
    /// </summary>
    private static RuntimeErrorBody OutOfTime(RuntimeErrorBody error) => error with
    {
        ErrorMessage = "The invocation ran out of time: its CancellationToken was cancelled " +
            $"{InvocationCancellation.DeadlineMargin.TotalMilliseconds:0} ms before the function's timeout, and the " +
            $"handler stopped ({error.ErrorMessage}). Fix: raise the function's timeout in serverless.yml, or " +
            "shorten the work.",
    };

    private void Post(Action post, NextInvocation invocation)
    {
        try
        {
            post();
        }
        catch (RuntimeApiException exception) when (!exception.IsFatal)
        {
            // A refused answer (such as 413, too large) loses this invocation but not the next ones.
            // Limitation: responses are buffered whole, never streamed, so one above Lambda's 6 MB limit
            // is refused here instead of being reported as a function error. No issue filed yet.
            HostLog.PostRefused(_logger, exception.Operation, invocation.RequestId, (int)exception.StatusCode);
        }
    }

    private LambdaContext CreateContext(NextInvocation invocation, ILogger logger) => new()
    {
        AwsRequestId = invocation.RequestId,
        FunctionName = _environment.FunctionName,
        FunctionVersion = _functionVersion,
        InvokedFunctionArn = invocation.InvokedFunctionArn,
        MemoryLimitInMB = _memoryLimitInMB,
        LogGroupName = _environment.Get(EnvironmentNames.LogGroupName) ?? "",
        LogStreamName = _environment.Get(EnvironmentNames.LogStreamName) ?? "",
        TraceId = invocation.TraceId,
        ClientContextJson = invocation.ClientContext,
        CognitoIdentityJson = invocation.CognitoIdentity,
        Deadline = invocation.Deadline ?? DateTimeOffset.MaxValue,
        Logger = logger,
        TimeProvider = _settings.TimeProvider,
    };

    /// <summary>
    /// The exception to log with its stack, or null for the SDK's own errors about the event or the configuration,
    /// whose message already says what is wrong and how to fix it; their stack, kept in the error report, would
    /// only bury that message in the SDK's and System.Text.Json's frames.
    /// </summary>
    private static Exception? TraceWorthLogging(Exception exception) =>
        exception is InvalidEventException or FunctionConfigurationException ? null : exception;

    private async Task ReportInitErrorAsync(
        RuntimeErrorBody error,
        Exception? exception,
        CancellationToken cancellationToken)
    {
        var logged = exception is null ? null : TraceWorthLogging(exception);
        HostLog.InitFailed(_logger, error.ErrorType, error.ErrorMessage, logged);
        try
        {
            _client.PostInitError(error, cancellationToken);
        }
        catch (Exception postFailure) when (postFailure is IOException or RuntimeApiException)
        {
            HostLog.RuntimeApiFailed(_logger, "the init error report", postFailure);
        }
    }

    private sealed record ServingHandler(ServiceProvider Services, HandlerInvoker Invoker, ILogger Logger);
}
