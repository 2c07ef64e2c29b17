using Stratus.Aws.Tests.Support;
using Stratus.Aws.Variables;
using Stratus.Service;

namespace Stratus.Aws.Tests;

/// <summary>${ssm:} on the AWS SDK against an SSM endpoint checked for AWS's request format.</summary>
public sealed class SsmVariableSourceResolveTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-ssm-").FullName;
    private FakeSsmServer _ssm = null!;

    public async Task InitializeAsync() => _ssm = await FakeSsmServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _ssm.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task LoadAsync_DecryptSuffix_AsksForDecryptionAndMarksTheValueSecret()
    {
        _ssm.Parameters["/users/dev/db-password"] = "ssm-plaintext-77";

        var config = WriteConfig("${ssm:/users/${sls:stage}/db-password~true}");
        var service = await ServiceLoader.LoadAsync(config, Options());

        Assert.Equal("ssm-plaintext-77", service.Provider.Environment["DB_PASSWORD"]);
        Assert.Contains("provider.environment.DB_PASSWORD", service.SecretPaths);
        var request = Assert.Single(_ssm.Requests);
        Assert.Equal("/users/dev/db-password", request.GetProperty("Name").GetString());
        Assert.True(request.GetProperty("WithDecryption").GetBoolean());
        Assert.Empty(_ssm.Violations);
    }

    [Fact]
    public async Task LoadAsync_MissingParameter_IsALocatedErrorNamingThePath()
    {
        var config = WriteConfig("${ssm:/users/dev/missing}");

        var error = await Assert.ThrowsAsync<ConfigException>(() => ServiceLoader.LoadAsync(config, Options()));

        var only = Assert.Single(error.Errors);
        Assert.Equal(config, only.At.File);
        Assert.Equal(6, only.At.Line);
        Assert.Contains("${ssm:/users/dev/missing}", only.Message);
        Assert.Contains("the parameter '/users/dev/missing' does not exist", only.Message);
    }

    [Fact]
    public async Task LoadAsync_MissingParameterWithDefault_UsesTheDefault()
    {
        var service = await ServiceLoader.LoadAsync(WriteConfig("${ssm:/users/dev/missing, 'fallback'}"), Options());

        Assert.Equal("fallback", service.Provider.Environment["DB_PASSWORD"]);
    }

    private ServiceLoadOptions Options()
    {
        var clients = new AwsClients(new AwsSettings
        {
            Region = "us-east-1",
            SsmEndpoint = _ssm.Endpoint,
            UseDefaultChain = false,
            Environment = new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = "AKIDTEST",
                ["AWS_SECRET_ACCESS_KEY"] = "secret",
            },
        });
        return new ServiceLoadOptions
        {
            ExternalSources = new Dictionary<string, IVariableSource>
            {
                ["ssm"] = new SsmVariableSource(clients.CreateSsm),
            },
        };
    }

    private string WriteConfig(string reference)
    {
        var path = Path.Combine(_folder, "serverless.yml");
        File.WriteAllText(path, $$"""
            service: users-service
            provider:
              name: aws
              stage: dev
              environment:
                DB_PASSWORD: {{reference}}
            functions: {}
            """);
        return path;
    }
}
