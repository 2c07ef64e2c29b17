using Stratus.Aws.Secrets;
using Stratus.Aws.Tests.Support;
using Stratus.Aws.Variables;
using Stratus.Service;

namespace Stratus.Aws.Tests;

/// <summary>${s3:} resolution on the AWS SDK against s3rver, through the real service loader.</summary>
public sealed class S3VariableSourceTests : IAsyncLifetime
{
    private const string Plaintext = "resolve-plaintext-51d3";

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-s3var-").FullName;
    private AwsBackend _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsBackend.StartAsync("dev-secrets");

    public async Task DisposeAsync()
    {
        await _aws.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task LoadAsync_StoredSecret_ResolvesToItsCiphertextAndMarksItSecret()
    {
        await _aws.Store().SetAsync("jwtSecret", Plaintext, CancellationToken.None);
        var stored = await _aws.Store().ReadEnvelopeAsync("jwtSecret", CancellationToken.None);
        var config = WriteConfig("${s3:${sls:stage}-secrets/jwtSecret}");

        var service = await ServiceLoader.LoadAsync(config, Options());

        var value = service.FindFunction("createToken")!.Environment["JWT_SECRET"];
        Assert.Equal(stored, value);
        Assert.StartsWith("stratus:v1:kms:", value);
        Assert.DoesNotContain(Plaintext, value);
        Assert.Contains("functions.createToken.environment.JWT_SECRET", service.SecretPaths);
        Assert.DoesNotContain(value, ServicePrinter.ToYaml(service.Resolved, service.SecretPaths));
    }

    [Fact]
    public async Task LoadAsync_MissingObject_IsALocatedErrorNamingVariableAndBucket()
    {
        var config = WriteConfig("${s3:dev-secrets/jwtSecret}");

        var error = await Assert.ThrowsAsync<ConfigException>(() => ServiceLoader.LoadAsync(config, Options()));

        var only = Assert.Single(error.Errors);
        Assert.Equal(config, only.At.File);
        Assert.Equal(9, only.At.Line);
        Assert.True(only.At.Column > 0);
        Assert.Contains("${s3:dev-secrets/jwtSecret}", only.Message);
        Assert.Contains("'jwtSecret' does not exist in bucket 'dev-secrets'", only.Message);
        Assert.StartsWith("store it with 'stratus secrets set jwtSecret --stage dev'", only.Fix);
    }

    [Fact]
    public async Task LoadAsync_MissingObjectWithDefault_UsesTheDefault()
    {
        var config = WriteConfig("${s3:dev-secrets/jwtSecret, 'offline-value'}");

        var service = await ServiceLoader.LoadAsync(config, Options());

        Assert.Equal("offline-value", service.FindFunction("createToken")!.Environment["JWT_SECRET"]);
    }

    [Fact]
    public async Task LoadAsync_MissingBucket_IsALocatedErrorNamingTheBucket()
    {
        var config = WriteConfig("${s3:qa-secrets/jwtSecret}");

        var error = await Assert.ThrowsAsync<ConfigException>(() => ServiceLoader.LoadAsync(config, Options()));

        var only = Assert.Single(error.Errors);
        Assert.Equal(9, only.At.Line);
        Assert.Contains("the bucket 'qa-secrets' does not exist", only.Message);
    }

    [Fact]
    public async Task LoadAsync_NoCredentials_IsALocatedErrorWithTheFix()
    {
        var config = WriteConfig("${s3:dev-secrets/jwtSecret}");
        var settings = AwsBackend.Settings(_aws.S3Server.Endpoint, _aws.Kms.Endpoint, withCredentials: false);
        var clients = new AwsClients(settings);
        var options = Options() with
        {
            ExternalSources = new Dictionary<string, IVariableSource>
            {
                ["s3"] = new S3VariableSource(clients.CreateS3),
            },
        };

        var error = await Assert.ThrowsAsync<ConfigException>(() => ServiceLoader.LoadAsync(config, options));

        var only = Assert.Single(error.Errors);
        Assert.Contains("no AWS credentials were found", only.Message);
        Assert.Contains("--aws-profile", only.Fix);
    }

    private ServiceLoadOptions Options() => new()
    {
        ExternalSources = new Dictionary<string, IVariableSource>
        {
            ["s3"] = new S3VariableSource(_aws.Clients.CreateS3),
        },
    };

    private string WriteConfig(string reference)
    {
        var path = Path.Combine(_folder, "serverless.yml");
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
