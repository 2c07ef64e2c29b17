using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Stratus.Aws.Secrets;
using Stratus.Cli.Tests.Support;
using Stratus.Service;

namespace Stratus.Cli.Tests;

/// <summary>
/// A known secret goes through set, print, package, the local cloud (in-process and the real `stratus dev` command)
/// and an invocation; afterwards its plaintext is found nowhere (no file of the service folders or of STRATUS_HOME,
/// no output, no function log line) except where `get --reveal` printed it, and the package holds its ciphertext.
/// </summary>
[Collection(UsersServiceGroup.Name)]
public sealed class SecretsLeakTests(UsersServiceFixture service)
{
    [Fact]
    public async Task KnownSecret_ThroughEveryCommand_AppearsOnlyWhereRevealed()
    {
        var plaintext = "leak-probe-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var config = Path.Combine(RepositoryPaths.UsersService, "serverless.yml");
        using var packaged = new PrebuiltUsersService();
        var outputs = new List<CliRun>();

        var set = await CliRun.RunAsync(
            "secrets", "set", "jwtSecret", "--local", "--stage", "dev", "--value", plaintext, "--config", config);
        outputs.Add(set);
        outputs.Add(await CliRun.RunAsync("secrets", "list", "--local", "--stage", "dev", "--config", config));
        var print = await CliRun.RunAsync("print", "--stage", "dev", "--config", config);
        outputs.Add(print);
        var reveal = await CliRun.RunAsync("secrets", "get", "jwtSecret", "--local", "--reveal", "--config", config);
        var package = await CliRun.RunAsync("package", "--local", "--stage", "dev", "--config", packaged.ConfigPath);
        outputs.Add(package);

        // The local cloud reloads the service, so its functions get the envelope just stored.
        await service.RestartAsync();
        var created = await service.Client.PostAsJsonAsync("/users", new { name = "Leak", email = "leak@example.com" });
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var tokenResponse = await service.Client.PostAsJsonAsync("/tokens", new { userId });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var me = await GetMeAsync(service.Client, token);
        var forged = await GetMeAsync(service.Client, SignWith("some-other-key", token));
        var invoke = await CliRun.RunAsync(
            "invoke", "local", "-f", "getMe", "--stage", "dev", "--config", config, "--data", MeEvent(token));
        outputs.Add(invoke);
        var (devToken, devMe, devLines) = await UseTheSecretThroughDevAsync(config);

        Assert.All(outputs, run => Assert.Equal(0, run.ExitCode));
        Assert.Equal(plaintext + Environment.NewLine, reveal.Out);
        Assert.Contains("JWT_SECRET: '***'", print.Out);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        Assert.Equal(SignWith(plaintext, token), token);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("\"statusCode\": 200", invoke.Out);
        Assert.Equal(SignWith(plaintext, devToken), devToken);
        Assert.Equal(HttpStatusCode.OK, devMe);
        Assert.Contains(devLines, line => line.StartsWith("[getMe] ", StringComparison.Ordinal));
        await AssertPackageHoldsTheEnvelopeAsync(packaged);

        Assert.All(outputs, run => Assert.DoesNotContain(plaintext, run.Out + run.Error));
        Assert.DoesNotContain(service.Output.Lines, line => line.Contains(plaintext, StringComparison.Ordinal));
        Assert.DoesNotContain(devLines, line => line.Contains(plaintext, StringComparison.Ordinal));
        Assert.Empty(FilesContaining(RepositoryPaths.UsersService, plaintext));
        Assert.Empty(FilesContaining(packaged.Directory, plaintext));
        Assert.Empty(FilesContaining(TestStratusHome.Root, plaintext));
        Assert.NotEmpty(FilesUnder(RepositoryPaths.UsersService, ".stratus", "build"));
        Assert.NotEmpty(FilesUnder(packaged.Directory, ".stratus", "package"));
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

    /// <summary>
    /// Runs the real `stratus dev` command, creates a user, gets a token and opens /me with it, stops the command
    /// with Ctrl+C and returns the token, the /me status and every line the command printed.
    /// </summary>
    private static async Task<(string Token, HttpStatusCode Me, IReadOnlyCollection<string> Lines)>
        UseTheSecretThroughDevAsync(string config)
    {
        using var dev = DevProcess.Start("--config", config);
        using var client = new HttpClient
        {
            BaseAddress = await dev.WaitUntilServingAsync(TimeSpan.FromMinutes(3)),
            Timeout = TimeSpan.FromSeconds(60),
        };

        var created = await client.PostAsJsonAsync("/users", new { name = "Dev", email = "dev@example.com" });
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var tokenResponse = await client.PostAsJsonAsync("/tokens", new { userId });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var me = await GetMeAsync(client, token);

        Assert.Equal(0, dev.Interrupt());
        await dev.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(130, dev.ExitCode);
        return (token, me.StatusCode, dev.Lines);
    }

    /// <summary>
    /// The package's deployment environment (the manifest's per-function environment and the resolved service)
    /// holds the stored envelope, the ciphertext the function decrypts at cold start: never a mask, never plaintext.
    /// </summary>
    private static async Task AssertPackageHoldsTheEnvelopeAsync(PrebuiltUsersService packaged)
    {
        var home = LocalSecretsHome.FromEnvironment(ServiceLoadOptions.ReadProcessEnvironment());
        var scope = new SecretScope { Service = "users-service", Stage = "dev", Bucket = "dev-secrets" };
        var envelope = await new LocalSecretStore(home, scope).ReadEnvelopeAsync("jwtSecret", CancellationToken.None);
        Assert.StartsWith("stratus:v1:local:", envelope);

        using var manifest = JsonDocument.Parse(
            await File.ReadAllTextAsync(Path.Combine(packaged.PackageDirectory, "manifest.json")));
        using var resolved = JsonDocument.Parse(
            await File.ReadAllTextAsync(Path.Combine(packaged.PackageDirectory, "resolved-service.json")));
        foreach (var function in new[] { "createToken", "getMe" })
        {
            var deployed = manifest.RootElement.GetProperty("functions").GetProperty(function)
                .GetProperty("environment").GetProperty("JWT_SECRET").GetString();
            var declared = resolved.RootElement.GetProperty("functions").GetProperty(function)
                .GetProperty("environment").GetProperty("JWT_SECRET").GetString();
            Assert.Equal(envelope, deployed);
            Assert.Equal(envelope, declared);
        }
    }

    private static async Task<HttpResponseMessage> GetMeAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
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

    /// <summary>The files of a folder the search above covered, to show it was not empty.</summary>
    private static string[] FilesUnder(params string[] parts) =>
        Directory.GetFiles(Path.Combine(parts), "*", SearchOption.AllDirectories);

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
