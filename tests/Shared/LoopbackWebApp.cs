using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stratus.Tests.Shared;

/// <summary>
/// Kestrel on 127.0.0.1 on a free port, answering every request with one handler: the host of the fake AWS
/// endpoints. Starting returns once it listens; disposing stops it.
/// </summary>
internal sealed class LoopbackWebApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackWebApp(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>Gets the base address, such as http://127.0.0.1:41234/.</summary>
    public Uri Endpoint { get; }

    public static async Task<LoopbackWebApp> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return new LoopbackWebApp(app, new Uri(addresses!.Addresses.First() + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
