using System.Text;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Tests.Support;

internal static partial class TestLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Greeting {NameLength} characters")]
    public static partial void Greeting(ILogger logger, int nameLength);
}

/// <summary>A typed handler: greets the event's name using the injected style, reporting to the probe.</summary>
public sealed class GreetHandler : FunctionHandler<Greeting, GreetingReply>
{
    private readonly IGreetingStyle _style;
    private readonly ScopedDependency _scoped;
    private readonly Probe _probe;
    private readonly ILogger<GreetHandler> _logger;

    public GreetHandler(IGreetingStyle style, ScopedDependency scoped, Probe probe, ILogger<GreetHandler> logger)
    {
        _style = style;
        _scoped = scoped;
        _probe = probe;
        _logger = logger;
    }

    protected override JsonTypeInfo<Greeting> EventTypeInfo => TestJsonContext.Default.Greeting;

    protected override JsonTypeInfo<GreetingReply> ResultTypeInfo => TestJsonContext.Default.GreetingReply;

    protected override Task<GreetingReply> HandleAsync(
        Greeting input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        _probe.Record(_scoped, context);
        TestLog.Greeting(_logger, input.Name.Length);
        if (input.Name == "boom")
        {
            throw new InvalidOperationException("The greeting exploded.");
        }

        return Task.FromResult(new GreetingReply(_style.Greet(input.Name)));
    }
}

/// <summary>An HTTP API handler: POST a greeting, get 200 with a reply, or a problem.</summary>
public sealed class GreetHttpHandler : HttpApiHandler
{
    private readonly IGreetingStyle _style;

    public GreetHttpHandler(IGreetingStyle style) => _style = style;

    protected override Task<HttpApiResponse> HandleAsync(
        HttpApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var greeting = input.ReadJson(TestJsonContext.Default.Greeting);
        return Task.FromResult(greeting.Name switch
        {
            "" => BadRequest("The name is empty.", new Dictionary<string, string[]> { ["name"] = ["Required."] }),
            "nobody" => throw new HttpProblemException(404, "Not Found", "Nobody is not here."),
            "boom" => throw new InvalidOperationException("The greeting exploded."),
            _ => Ok(new GreetingReply(_style.Greet(greeting.Name)), TestJsonContext.Default.GreetingReply),
        });
    }
}

/// <summary>A REST API handler with the same behaviour as <see cref="GreetHttpHandler"/>.</summary>
public sealed class GreetRestHandler : RestApiHandler
{
    protected override Task<RestApiResponse> HandleAsync(
        RestApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var greeting = input.ReadJson(TestJsonContext.Default.Greeting);
        if (greeting.Name == "nobody")
        {
            throw new HttpProblemException(404, "Not Found", "Nobody is not here.");
        }

        var reply = new GreetingReply($"hello {greeting.Name}");
        return Task.FromResult(Created($"/greetings/{greeting.Name}", reply, TestJsonContext.Default.GreetingReply));
    }
}

/// <summary>A raw handler that waits until its token is cancelled, for deadline tests.</summary>
public sealed class WaitForCancellationHandler : IFunctionHandler
{
    private readonly Probe _probe;

    public WaitForCancellationHandler(Probe probe) => _probe = probe;

    public async Task<ReadOnlyMemory<byte>> InvokeAsync(
        ReadOnlyMemory<byte> payload,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        _probe.Started.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return Encoding.UTF8.GetBytes("\"unreachable\"");
    }
}

/// <summary>A handler that cannot be created: it needs a service nobody registers.</summary>
public sealed class UnresolvableHandler : IFunctionHandler
{
    public UnresolvableHandler(IUnregisteredService service) => ArgumentNullException.ThrowIfNull(service);

    public Task<ReadOnlyMemory<byte>> InvokeAsync(
        ReadOnlyMemory<byte> payload,
        ILambdaContext context,
        CancellationToken cancellationToken) => Task.FromResult(payload);
}

/// <summary>The configure method of the test app, as a functions project would write it.</summary>
public static class TestApp
{
    public static void Configure(FunctionAppBuilder app)
    {
        app.Services.AddSingleton<Probe>();
        app.Services.AddScoped<ScopedDependency>();
        app.Services.AddSingleton<IGreetingStyle, PlainGreetingStyle>();
        app.AddHandler<GreetHandler>()
            .AddHandler<GreetHttpHandler>()
            .AddHandler<GreetRestHandler>()
            .AddHandler<WaitForCancellationHandler>();
    }
}
