using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Stratus.Tests.Shared;

namespace Stratus.Aws.Tests.Support;

/// <summary>
/// An SSM-compatible endpoint on 127.0.0.1 (port 0) for GetParameter in AWS's JSON 1.1 protocol
/// (X-Amz-Target AmazonSSM.GetParameter); unknown names get ParameterNotFound, as SSM answers.
/// </summary>
internal sealed class FakeSsmServer : IAsyncDisposable
{
    private LoopbackWebApp? _web;
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<JsonElement> _requests = new();
    private readonly ConcurrentQueue<string> _authorizations = new();

    public Uri Endpoint => _web?.Endpoint ?? throw new InvalidOperationException("The server has not started.");

    public Dictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>Each parameter's type (String, StringList or SecureString); SecureString when not given.</summary>
    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Violations => _violations.ToArray();

    public IReadOnlyList<JsonElement> Requests => _requests.ToArray();

    /// <summary>Each request's Authorization header; its credential scope names the region signed for.</summary>
    public IReadOnlyList<string> Authorizations => _authorizations.ToArray();

    public static async Task<FakeSsmServer> StartAsync()
    {
        var server = new FakeSsmServer();
        server._web = await LoopbackWebApp.StartAsync(server.HandleAsync);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        using var document = JsonDocument.Parse(await reader.ReadToEndAsync());
        var body = document.RootElement.Clone();
        _requests.Enqueue(body);
        _authorizations.Enqueue(request.Headers.Authorization.ToString());
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
                ["Type"] = Types.GetValueOrDefault(name, "SecureString"),
                ["Value"] = value,
                ["Version"] = 1,
            },
        }));
    }
}
