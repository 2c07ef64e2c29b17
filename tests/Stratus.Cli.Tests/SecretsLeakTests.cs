using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>
/// A known secret goes through set, print, the local cloud and an invocation; afterwards its plaintext is found
/// nowhere (no file of the service folder or of STRATUS_HOME, no output, no function log line) except where
/// `get --reveal` printed it.
/// </summary>
[Collection(UsersServiceGroup.Name)]
public sealed class SecretsLeakTests(UsersServiceFixture service)
{
    [Fact]
    public async Task KnownSecret_ThroughEveryCommand_AppearsOnlyWhereRevealed()
    {
        var plaintext = "leak-probe-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");
        var outputs = new List<CliRun>();

        var set = await CliRun.RunAsync(
            "secrets", "set", "jwtSecret", "--local", "--stage", "dev", "--value", plaintext, "--config", config);
        outputs.Add(set);
        outputs.Add(await CliRun.RunAsync("secrets", "list", "--local", "--stage", "dev", "--config", config));
        var print = await CliRun.RunAsync("print", "--stage", "dev", "--config", config);
        outputs.Add(print);
        var reveal = await CliRun.RunAsync("secrets", "get", "jwtSecret", "--local", "--reveal", "--config", config);

        // The local cloud reloads the service, so its functions get the envelope just stored.
        await service.RestartAsync();
        var created = await service.Client.PostAsJsonAsync("/users", new { name = "Leak", email = "leak@example.com" });
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var tokenResponse = await service.Client.PostAsJsonAsync("/tokens", new { userId });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var me = await GetMeAsync(token);
        var forged = await GetMeAsync(SignWith("some-other-key", token));
        var invoke = await CliRun.RunAsync(
            "invoke", "local", "-f", "getMe", "--stage", "dev", "--config", config, "--data", MeEvent(token));
        outputs.Add(invoke);

        Assert.All(outputs, run => Assert.Equal(0, run.ExitCode));
        Assert.Equal(plaintext + Environment.NewLine, reveal.Out);
        Assert.Contains("JWT_SECRET: '***'", print.Out);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        Assert.Equal(SignWith(plaintext, token), token);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("\"statusCode\": 200", invoke.Out);

        Assert.All(outputs, run => Assert.DoesNotContain(plaintext, run.Out + run.Error));
        Assert.DoesNotContain(service.Output.Lines, line => line.Contains(plaintext, StringComparison.Ordinal));
        Assert.Empty(FilesContaining(RepositoryPaths.UsersService, plaintext));
        Assert.Empty(FilesContaining(TestStratusHome.Root, plaintext));
    }

    [Fact]
    public async Task InvokeLocal_StageWithoutTheSecret_GeneratesItAndAnnouncesItWithoutTheValue()
    {
        var stage = "gen" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");

        var invoke = await CliRun.RunAsync("invoke", "local", "-f", "status", "--stage", stage, "--config", config);
        var reveal = await CliRun.RunAsync(
            "secrets", "get", "jwtSecret", "--local", "--reveal", "--stage", stage, "--config", config);

        Assert.Equal(0, invoke.ExitCode);
        Assert.Contains(
            $"Generated a random 256-bit secret 'jwtSecret' in the local store (bucket '{stage}-secrets')",
            invoke.Error);
        var generated = reveal.Out.Trim();
        Assert.Equal(32, Convert.FromBase64String(generated).Length);
        Assert.DoesNotContain(generated, invoke.Out + invoke.Error);
    }

    private async Task<HttpResponseMessage> GetMeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await service.Client.SendAsync(request);
    }

    /// <summary>Re-signs a token's header and claims with another key, as HS256 does.</summary>
    private static string SignWith(string key, string token)
    {
        var signingInput = token[..token.LastIndexOf('.')];
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static string MeEvent(string token) => JsonSerializer.Serialize(new
    {
        version = "2.0",
        routeKey = "GET /me",
        rawPath = "/me",
        rawQueryString = "",
        headers = new Dictionary<string, string> { ["authorization"] = $"Bearer {token}" },
        requestContext = new { http = new { method = "GET", path = "/me" } },
        isBase64Encoded = false,
    });

    private static List<string> FilesContaining(string folder, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(path => ReadOrEmpty(path).AsSpan().IndexOf(needle) >= 0)
            .ToList();
    }

    private static byte[] ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            // A file a running function holds open (its SQLite journal) is skipped, not failed on.
            return [];
        }
    }
}
