using Stratus.Aws.Secrets;
using Stratus.Aws.Variables;
using Stratus.Service;

namespace Stratus.Aws.Tests;

public sealed class LocalS3VariableSourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stratus-local-s3-").FullName;
    private readonly StringWriter _console = new();

    [Fact]
    public async Task LoadAsync_StoredLocalSecret_ResolvesToItsEnvelope()
    {
        var home = new LocalSecretsHome(Path.Combine(_root, "home"));
        var scope = new SecretScope { Service = "users-service", Stage = "dev", Bucket = "dev-secrets" };
        await new LocalSecretStore(home, scope).SetAsync("jwtSecret", "local-value-0b7", CancellationToken.None);

        var service = await ServiceLoader.LoadAsync(WriteConfig(), Options(home, generate: false));

        var value = service.FindFunction("createToken")!.Environment["JWT_SECRET"];
        Assert.StartsWith("stratus:v1:local:", value);
        Assert.DoesNotContain("local-value-0b7", value);
        Assert.Empty(_console.ToString());
    }

    [Fact]
    public async Task LoadAsync_MissingAndGenerating_StoresA256BitSecretAndAnnouncesItWithoutTheValue()
    {
        var home = new LocalSecretsHome(Path.Combine(_root, "home"));

        var service = await ServiceLoader.LoadAsync(WriteConfig(), Options(home, generate: true));

        var scope = new SecretScope { Service = "users-service", Stage = "dev", Bucket = "dev-secrets" };
        var generated = await new LocalSecretStore(home, scope).GetAsync("jwtSecret", CancellationToken.None);
        Assert.Equal(32, Convert.FromBase64String(generated).Length);
        Assert.StartsWith("stratus:v1:local:", service.FindFunction("createToken")!.Environment["JWT_SECRET"]);
        var announcement = _console.ToString();
        Assert.Contains("Generated a random 256-bit secret 'jwtSecret'", announcement);
        Assert.Contains("serverless.yml:9:19 needs it", announcement);
        Assert.DoesNotContain(generated, announcement);
    }

    [Fact]
    public async Task LoadAsync_MissingWithAFallback_UsesTheFallbackInsteadOfGenerating()
    {
        var home = new LocalSecretsHome(Path.Combine(_root, "home"));
        var config = WriteConfig("${s3:${sls:stage}-secrets/jwtSecret, 'local-only-value'}");

        var service = await ServiceLoader.LoadAsync(config, Options(home, generate: true));

        Assert.Equal("local-only-value", service.FindFunction("createToken")!.Environment["JWT_SECRET"]);
        Assert.Empty(_console.ToString());
        Assert.False(Directory.Exists(home.Root));
    }

    [Fact]
    public async Task LoadAsync_MissingWithoutGenerating_IsALocatedError()
    {
        var home = new LocalSecretsHome(Path.Combine(_root, "home"));

        var error = await Assert.ThrowsAsync<ConfigException>(
            () => ServiceLoader.LoadAsync(WriteConfig(), Options(home, generate: false)));

        var only = Assert.Single(error.Errors);
        Assert.Equal(9, only.At.Line);
        Assert.Contains("no object 'jwtSecret' in bucket 'dev-secrets'", only.Message);
        Assert.Equal("store it with 'stratus secrets set jwtSecret --local --stage dev'.", only.Fix);
        Assert.False(Directory.Exists(home.Root));
    }

    [Fact]
    public async Task LoadAsync_MissingInAnotherBucket_FixNamesTheBucketSetting()
    {
        var home = new LocalSecretsHome(Path.Combine(_root, "home"));
        var config = WriteConfig("${s3:shared-keys/apiKey}");

        var error = await Assert.ThrowsAsync<ConfigException>(
            () => ServiceLoader.LoadAsync(config, Options(home, generate: false)));

        var only = Assert.Single(error.Errors);
        Assert.Contains("'stratus secrets set apiKey --local --stage dev'", only.Fix);
        Assert.Contains("custom.stratus.secrets.bucket to 'shared-keys'", only.Fix);
    }

    public void Dispose()
    {
        _console.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private ServiceLoadOptions Options(LocalSecretsHome home, bool generate) => new()
    {
        ExternalSources = new Dictionary<string, IVariableSource>
        {
            ["s3"] = new LocalS3VariableSource(home, "users-service", _console) { GenerateMissing = generate },
        },
    };

    private string WriteConfig(string reference = "${s3:${sls:stage}-secrets/jwtSecret}")
    {
        var path = Path.Combine(_root, "serverless.yml");
        File.WriteAllText(path, $"""
            service: users-service
            provider:
              name: aws
              stage: dev
            functions:
              createToken:
                handler: UsersService.Functions::UsersService.Functions.Tokens.CreateTokenHandler
                environment:
                  JWT_SECRET: {reference}
            """);
        return path;
    }
}
