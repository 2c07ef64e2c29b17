using System.Text.Json;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class FunctionHostSecretTests : IDisposable
{
    private const string GreetHandlerName = "Stratus.Functions.Tests::Stratus.Functions.Tests.Support.GreetHandler";
    private const string Plaintext = "host-plaintext-91c2";

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-host-secrets-").FullName;

    [Fact]
    public async Task RunAsync_SecretEnvelope_AppSeesPlaintextThroughTheEnvironment()
    {
        await using var api = FakeRuntimeApi.Start();
        var key = LocalEnvelopes.Key(3);
        var variables = HostRun.Variables(api, GreetHandlerName);
        variables["JWT_SECRET"] = LocalEnvelopes.Seal(key, "jwtSecret", Plaintext);
        variables["STRATUS_LOCAL_KEY_FILE"] = LocalEnvelopes.WriteKeyFile(_folder, key);
        string? seen = null;

        await using var host = HostRun.Begin(
            app =>
            {
                seen = app.Environment.Get("JWT_SECRET");
                TestApp.Configure(app);
            },
            variables);
        await api.NextRequested;

        Assert.Equal(Plaintext, seen);
        Assert.Equal(0, await host.StopAsync());
        Assert.DoesNotContain(host.LogLines(), line => line.GetRawText().Contains(Plaintext, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SecretCannotBeDecrypted_PostsInitErrorNamingTheVariableOnly()
    {
        await using var api = FakeRuntimeApi.Start();
        var variables = HostRun.Variables(api, GreetHandlerName);
        var envelope = LocalEnvelopes.Seal(LocalEnvelopes.Key(3), "jwtSecret", Plaintext);
        variables["JWT_SECRET"] = envelope;
        variables["STRATUS_LOCAL_KEY_FILE"] = LocalEnvelopes.WriteKeyFile(_folder, LocalEnvelopes.Key(4));
        var configured = false;

        await using var host = HostRun.Begin(_ => configured = true, variables);
        var exitCode = await host.Completion;

        Assert.Equal(1, exitCode);
        Assert.False(configured);
        var post = Assert.Single(api.Requests);
        Assert.Equal("/2018-06-01/runtime/init/error", post.Target);
        // AWS's .NET runtime reports an init failure without the error type header (Lambda then says
        // Runtime.Unknown); the body names it. This test expected the header before.
        Assert.DoesNotContain("Lambda-Runtime-Function-Error-Type", post.HeaderNames);
        var error = JsonDocument.Parse(post.BodyText).RootElement;
        Assert.Equal("FunctionConfigurationException", error.GetProperty("errorType").GetString());
        var message = error.GetProperty("errorMessage").GetString()!;
        Assert.Contains("'JWT_SECRET'", message);
        Assert.DoesNotContain(Plaintext, post.BodyText);
        Assert.DoesNotContain(envelope.Split(':')[^1], post.BodyText);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
