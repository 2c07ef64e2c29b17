using System.Text.Json;
using Stratus.Functions.Testing;
using UsersService.Functions.Status;

namespace UsersService.Functions.Tests;

public sealed class StatusTests
{
    [Fact]
    public async Task GetStatus_WithServiceVersionSet_ReturnsIt()
    {
        var host = UsersHost.Create(new InMemoryUserStore());

        var response = await host.InvokeHttpApiAsync<GetStatusHandler>(HttpApiRequestBuilder.Get("/status").Build());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("2.5.0", JsonDocument.Parse(response.Body!).RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task GetStatus_WithoutServiceVersion_FailsNamingTheVariable()
    {
        var handler = new GetStatusHandler(new TestFunctionEnvironment(new Dictionary<string, string>()));

        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            handler.ExecuteAsync(HttpApiRequestBuilder.Get("/status").Build(), new TestLambdaContext()));

        Assert.Contains("SERVICE_VERSION", error.Message, StringComparison.Ordinal);
    }
}
