using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Stratus.Tests.Shared;

/// <summary>
/// A KMS-compatible endpoint on 127.0.0.1 (port 0) for Encrypt and Decrypt. Every request is checked against AWS's
/// documented JSON 1.1 format (POST /, X-Amz-Target TrentService.*, Content-Type application/x-amz-json-1.1, a
/// SigV4 Authorization and X-Amz-Date); anything else is recorded as a violation and refused.
/// </summary>
internal sealed class FakeKmsServer : IAsyncDisposable
{
    public const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private LoopbackWebApp? _web;
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<JsonElement> _requests = new();
    private readonly ConcurrentDictionary<string, string> _contexts = new();

    public Uri Endpoint => _web?.Endpoint ?? throw new InvalidOperationException("The server has not started.");

    public IReadOnlyList<string> Violations => _violations.ToArray();

    public IReadOnlyList<JsonElement> Requests => _requests.ToArray();

    /// <summary>Gets or sets the key ids the server knows; others get NotFoundException.</summary>
    public HashSet<string> KnownKeys { get; } = ["alias/stratus-secrets", KeyArn];

    public static async Task<FakeKmsServer> StartAsync()
    {
        var server = new FakeKmsServer();
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
        var text = await reader.ReadToEndAsync();
        var target = request.Headers["X-Amz-Target"].ToString();
        Check(request.Method == "POST", $"method {request.Method}");
        Check(request.Path == "/", $"path {request.Path}");
        Check(request.ContentType == "application/x-amz-json-1.1", $"content type '{request.ContentType}'");
        Check(target is "TrentService.Encrypt" or "TrentService.Decrypt", $"target '{target}'");
        Check(request.Headers.Authorization.ToString().StartsWith(
            "AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal), "no SigV4 Authorization header");
        Check(
            request.Headers.Authorization.ToString().Contains("/kms/aws4_request", StringComparison.Ordinal),
            "scope is not kms");
        Check(!string.IsNullOrEmpty(request.Headers["X-Amz-Date"]), "no X-Amz-Date header");

        using var document = JsonDocument.Parse(text);
        var body = document.RootElement.Clone();
        _requests.Enqueue(body);
        var keyId = body.TryGetProperty("KeyId", out var k) ? k.GetString() : null;
        if (keyId is not null && !KnownKeys.Contains(keyId))
        {
            var notFound = $$"""{"__type":"NotFoundException","message":"Key '{{keyId}}' does not exist"}""";
            await AnswerAsync(context, 400, notFound);
            return;
        }

        var encryptionContext = body.TryGetProperty("EncryptionContext", out var c) ? c.GetRawText() : "{}";
        if (target == "TrentService.Encrypt")
        {
            var plaintext = body.GetProperty("Plaintext").GetBytesFromBase64();
            var blob = Transform(plaintext);
            _contexts[Convert.ToBase64String(blob)] = encryptionContext;
            await AnswerAsync(context, 200, JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["CiphertextBlob"] = Convert.ToBase64String(blob),
                ["KeyId"] = KeyArn,
                ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
            }));
            return;
        }

        var ciphertext = body.GetProperty("CiphertextBlob").GetString()!;
        if (!_contexts.TryGetValue(ciphertext, out var expected) || expected != encryptionContext)
        {
            await AnswerAsync(context, 400, """{"__type":"InvalidCiphertextException","message":null}""");
            return;
        }

        await AnswerAsync(context, 200, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Plaintext"] = Convert.ToBase64String(Transform(Convert.FromBase64String(ciphertext))),
            ["KeyId"] = KeyArn,
            ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
        }));
    }

    /// <summary>A reversible scramble: stored bytes must differ from the plaintext, as real ciphertext does.</summary>
    private static byte[] Transform(byte[] bytes) => bytes.Select(b => (byte)(b ^ 0xA5)).Reverse().ToArray();

    private void Check(bool condition, string violation)
    {
        if (!condition)
        {
            _violations.Enqueue(violation);
        }
    }

    private static async Task AnswerAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(body);
    }
}
