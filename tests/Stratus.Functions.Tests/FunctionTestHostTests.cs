using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stratus.Functions.Testing;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class FunctionTestHostTests
{
    [Fact]
    public async Task InvokeAsync_TestDouble_ReplacesTheAppRegistration()
    {
        await using var host = FunctionTestHost.Create(
            TestApp.Configure,
            services => services.AddSingleton<IGreetingStyle, ShoutingGreetingStyle>());

        var reply = await host.InvokeAsync<GreetHandler, Greeting, GreetingReply>(new Greeting("ada"));

        Assert.Equal("HELLO ADA", reply.Message);
        Assert.IsType<ShoutingGreetingStyle>(Assert.Single(host.Services.GetServices<IGreetingStyle>()));
    }

    [Fact]
    public async Task Create_Environment_ReachesConfigureAndHandlers()
    {
        string? seenAtConfigure = null;
        void Configure(FunctionAppBuilder app)
        {
            seenAtConfigure = app.Environment.GetRequired("SERVICE_VERSION");
            TestApp.Configure(app);
        }

        await using var host = FunctionTestHost.Create(
            Configure,
            environment: new Dictionary<string, string> { ["SERVICE_VERSION"] = "1.2.3" });

        Assert.Equal("1.2.3", seenAtConfigure);
        Assert.Equal("1.2.3", host.Services.GetRequiredService<IFunctionEnvironment>().Get("SERVICE_VERSION"));
        Assert.Same(host.Environment, host.Services.GetRequiredService<IFunctionEnvironment>());
    }

    [Fact]
    public async Task InvokeAsync_TwoInvocations_GetTheirOwnScopedInstances()
    {
        await using var host = FunctionTestHost.Create(TestApp.Configure);

        await host.InvokeAsync<GreetHandler, Greeting, GreetingReply>(new Greeting("a"));
        await host.InvokeAsync<GreetHandler, Greeting, GreetingReply>(new Greeting("b"));

        var scopes = host.Services.GetRequiredService<Probe>().Scopes;
        Assert.Equal(2, scopes.Count);
        Assert.NotEqual(scopes[0].Id, scopes[1].Id);
        Assert.All(scopes, scoped => Assert.True(scoped.Disposed));
    }

    [Fact]
    public async Task InvokeJsonAsync_HandlerValueForm_RunsTheRuntimePath()
    {
        await using var host = FunctionTestHost.Create(TestApp.Configure);

        var response = await host.InvokeJsonAsync(
            "Stratus.Functions.Tests::Stratus.Functions.Tests.Support.GreetHandler",
            """{"name":"ada"}""");

        Assert.Equal("""{"message":"hello ada"}""", response);
    }

    [Fact]
    public async Task InvokeJsonAsync_BadEvent_ThrowsInvalidEventException()
    {
        await using var host = FunctionTestHost.Create(TestApp.Configure);

        await Assert.ThrowsAsync<InvalidEventException>(() => host.InvokeJsonAsync<GreetHandler>("[]"));
    }

    [Fact]
    public async Task InvokeJsonAsync_UnknownHandler_ThrowsListingTheRegisteredOnes()
    {
        await using var host = FunctionTestHost.Create(TestApp.Configure);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => host.InvokeJsonAsync("Nope.Handler", "{}"));

        Assert.Contains("'Nope.Handler'", exception.Message);
        Assert.Contains("'Stratus.Functions.Tests.Support.GreetHandler'", exception.Message);
    }

    [Fact]
    public async Task InvokeAsync_HandlerNotRegistered_Throws()
    {
        await using var host = FunctionTestHost.Create(app => app.AddHandler<GreetHttpHandler>());

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => host.InvokeAsync<GreetHandler, Greeting, GreetingReply>(new Greeting("a")));
    }

    [Fact]
    public async Task Logs_Invocation_CarryTheRequestIdOfTheContext()
    {
        await using var host = FunctionTestHost.Create(TestApp.Configure);
        var context = host.CreateContext();
        context.AwsRequestId = "req-42";

        await host.InvokeAsync<GreetHandler, Greeting, GreetingReply>(new Greeting("ada"), context);

        var entries = host.Logs.Where(entry => entry.RequestId == "req-42").ToList();
        Assert.Equal(3, entries.Count);
        var greeting = Assert.Single(entries, entry => entry.Template == "Greeting {NameLength} characters");
        Assert.Equal(typeof(GreetHandler).FullName, greeting.Category);
        Assert.Equal(3, greeting.Properties["NameLength"]);
    }

    [Fact]
    public async Task InvokeAsync_OwnTestContext_RecordsIntoTheContextLogs()
    {
        await using var host = FunctionTestHost.Create(TestApp.Configure);
        var context = new TestLambdaContext { FunctionName = "greet" };

        await host.InvokeAsync<GreetHandler, Greeting, GreetingReply>(new Greeting("ada"), context);

        Assert.Equal(2, context.Logs.Count);
        Assert.Equal("Function greet started request " + context.AwsRequestId, context.Logs[0].Message);
    }

    [Fact]
    public async Task InvokeJsonAsync_DeadlineNears_CancelsTheHandlerToken()
    {
        await using var host = FunctionTestHost.Create(TestApp.Configure);
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var context = new TestLambdaContext { TimeProvider = clock };
        var invocation = host.InvokeJsonAsync<WaitForCancellationHandler>("{}", context);
        await host.Services.GetRequiredService<Probe>().Started.Task.WaitAsync(TimeSpan.FromSeconds(20));

        clock.Advance(TestLambdaContext.DefaultTimeout);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => invocation);
    }

    [Fact]
    public void Create_ScopedServiceInSingleton_IsCaughtWhenResolved()
    {
        using var host = FunctionTestHost.Create(app =>
        {
            app.Services.AddScoped<ScopedDependency>();
            app.Services.AddSingleton(services => new Holder(services.GetRequiredService<ScopedDependency>()));
        });

        Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<Holder>());
    }

    [Fact]
    public async Task HandlerNames_App_ListsRegisteredHandlersInOrder()
    {
        await using var host = FunctionTestHost.Create(TestApp.Configure);

        Assert.Equal(
            [
                "Stratus.Functions.Tests.Support.GreetHandler",
                "Stratus.Functions.Tests.Support.GreetHttpHandler",
                "Stratus.Functions.Tests.Support.GreetRestHandler",
                "Stratus.Functions.Tests.Support.WaitForCancellationHandler",
            ],
            host.HandlerNames);
    }

    [Fact]
    public void ReadJson_NoContent_ThrowsSayingThereIsNoBody()
    {
        var response = HttpResults.NoContent().ToHttpApiResponse();

        var exception = Assert.Throws<InvalidOperationException>(
            () => response.ReadJson(TestJsonContext.Default.GreetingReply));

        Assert.Equal("The response (status 204) has no body; expected JSON 'GreetingReply'.", exception.Message);
    }

    [Fact]
    public void ReadJson_Base64Body_IsDecoded()
    {
        var response = new RestApiResponse
        {
            StatusCode = 200,
            Body = Convert.ToBase64String("""{"message":"b64"}"""u8.ToArray()),
            IsBase64Encoded = true,
        };

        Assert.Equal("b64", response.ReadJson(TestJsonContext.Default.GreetingReply).Message);
        Assert.Equal("""{"message":"b64"}""", response.BodyText());
    }

    private sealed record Holder(ScopedDependency Scoped);
}
