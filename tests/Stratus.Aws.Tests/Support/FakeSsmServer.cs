using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Stratus.Aws.Tests.Support;

/// <summary>
/// An SSM-compatible endpoint on 127.0.0.1 (port 0) for GetParameter in AWS's JSON 1.1 protocol
/// (X-Amz-Target AmazonSSM.GetParameter); unknown names get ParameterNotFound, as SSM answers.
/// </summary>
internal sealed class FakeSsmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<JsonElement> _requests = new();

    private FakeSsmServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1/");

    public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Violations => _violations.ToArray();

    public IReadOnlyList<JsonElement> Requests => _requests.ToArray();

    public static async Task<FakeSsmServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeSsmServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        var address = addresses!.Addresses.First();
        server.Endpoint = new Uri(address + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        using var document = JsonDocument.Parse(await reader.ReadToEndAsync());
        var body = document.RootElement.Clone();
        _requests.Enqueue(body);
        if (request.Method != "POST" || request.Path != "/"
            || request.Headers["X-Amz-Target"] != "AmazonSSM.GetParameter"
            || request.ContentType != "application/x-amz-json-1.1"
            || !request.Headers.Authorization.ToString().Contains("/ssm/aws4_request", StringComparison.Ordinal))
        {
            var target = request.Headers["X-Amz-Target"];
            _violations.Enqueue($"{request.Method} {request.Path} {target} {request.ContentType}");
        }

        var name = body.GetProperty("Name").GetString()!;
        context.Response.ContentType = "application/x-amz-json-1.1";
        if (!Parameters.TryGetValue(name, out var value))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("""{"__type":"ParameterNotFound","message":""}""");
            return;
        }

        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Parameter"] = new Dictionary<string, object>
            {
                ["Name"] = name,
                ["Type"] = "SecureString",
                ["Value"] = value,
                ["Version"] = 1,
            },
        }));
    }
}
