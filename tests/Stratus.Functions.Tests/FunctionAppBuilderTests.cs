using Stratus.Functions.Testing;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class FunctionAppBuilderTests
{
    [Fact]
    public void AddHandler_SameTypeTwice_ThrowsNamingIt()
    {
        var exception = Assert.Throws<InvalidOperationException>(
            () => FunctionTestHost.Create(app => app.AddHandler<GreetHttpHandler>().AddHandler<GreetHttpHandler>()));

        Assert.Equal(
            "Handler 'Stratus.Functions.Tests.Support.GreetHttpHandler' is registered twice; "
            + "call AddHandler<GreetHttpHandler>() once.",
            exception.Message);
    }

    [Fact]
    public async Task AddHandler_Handler_IsResolvableByTypeAndAsIFunctionHandlerByName()
    {
        await using var host = FunctionTestHost.Create(TestApp.Configure);

        var response = await host.InvokeJsonAsync(
            "Stratus.Functions.Tests.Support.GreetRestHandler",
            Stratus.Functions.Testing.RestApiRequestBuilder.Post("/g").WithBody("""{"name":"x"}""").BuildJson());

        Assert.Contains("\"statusCode\":201", response);
    }
}
