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

    // Framework 3 (get-ssm.js): WithDecryption unless 'noDecrypt'; a StringList is a list unless 'raw'; a
    // SecureString holding a JSON object is that object unless 'raw'.
    [Fact]
    public async Task LoadAsync_PlainReference_DecryptsAsFrameworkThreeDoes()
    {
        _ssm.Parameters["/app/secret"] = "decrypted-by-default";

        var service = await ServiceLoader.LoadAsync(WriteCustom("value: ${ssm:/app/secret}"), Options());

        Assert.Equal("decrypted-by-default", Custom(service, "value"));
        Assert.True(Assert.Single(_ssm.Requests).GetProperty("WithDecryption").GetBoolean());
    }

    [Fact]
    public async Task LoadAsync_NoDecryptOption_AsksForTheCiphertext()
    {
        _ssm.Parameters["/app/secret"] = "AQICAHciphertext";

        var service = await ServiceLoader.LoadAsync(WriteCustom("value: ${ssm(noDecrypt):/app/secret}"), Options());

        Assert.Equal("AQICAHciphertext", Custom(service, "value"));
        Assert.False(Assert.Single(_ssm.Requests).GetProperty("WithDecryption").GetBoolean());
    }

    [Fact]
    public async Task LoadAsync_StringList_IsAListUnlessRaw()
    {
        _ssm.Parameters["/app/hosts"] = "a,b,c";
        _ssm.Types["/app/hosts"] = "StringList";

        var service = await ServiceLoader.LoadAsync(
            WriteCustom("list: ${ssm:/app/hosts}", "text: ${ssm(raw):/app/hosts}"),
            Options());

        var list = Assert.IsType<ConfigSequence>(CustomNode(service, "list"));
        Assert.Equal(["a", "b", "c"], list.Items.Select(item => ((ConfigScalar)item).Value));
        Assert.Equal("a,b,c", Custom(service, "text"));
    }

    [Fact]
    public async Task LoadAsync_SecureStringHoldingJson_IsAnObjectUnlessRaw()
    {
        _ssm.Parameters["/app/db"] = """{"user":"app","port":5432}""";

        var service = await ServiceLoader.LoadAsync(
            WriteCustom("db: ${ssm:/app/db}", "user: ${self:custom.db.user}", "text: ${ssm(raw):/app/db}"),
            Options());

        var db = Assert.IsType<ConfigMapping>(CustomNode(service, "db"));
        Assert.Equal("app", ((ConfigScalar)db["user"]!).Value);
        Assert.Equal("app", Custom(service, "user"));
        Assert.Equal("""{"user":"app","port":5432}""", Custom(service, "text"));
    }

    [Fact]
    public async Task LoadAsync_RegionAndRawInAnyOrder_SignsForThatRegion()
    {
        _ssm.Parameters["/app/hosts"] = "a,b";
        _ssm.Types["/app/hosts"] = "StringList";

        var service = await ServiceLoader.LoadAsync(WriteCustom("text: ${ssm(raw, eu-west-1):/app/hosts}"), Options());

        Assert.Equal("a,b", Custom(service, "text"));
        Assert.Contains("/eu-west-1/ssm/aws4_request", Assert.Single(_ssm.Authorizations), StringComparison.Ordinal);
    }

    // What `stratus package` writes is deployed: a SecureString's plaintext is refused there, its ciphertext
    // (noDecrypt) and plain String parameters are not, and nothing is decrypted to find out.
    [Fact]
    public async Task LoadAsync_DecryptionNotAllowed_RefusesASecureStringButTakesStringsAndCiphertext()
    {
        _ssm.Parameters["/app/secret"] = "AQICAHciphertext";
        _ssm.Parameters["/app/name"] = "users";
        _ssm.Types["/app/name"] = "String";

        var refused = await Assert.ThrowsAsync<ConfigException>(() => ServiceLoader.LoadAsync(
            WriteCustom("secret: ${ssm:/app/secret}"), Options(allowDecryption: false)));
        var service = await ServiceLoader.LoadAsync(
            WriteCustom("name: ${ssm:/app/name}", "cipher: ${ssm(noDecrypt):/app/secret}"),
            Options(allowDecryption: false));

        var error = Assert.Single(refused.Errors);
        Assert.Contains("'/app/secret' is a SecureString", error.Message, StringComparison.Ordinal);
        Assert.Contains("stratus secrets set NAME --stage dev", error.Fix, StringComparison.Ordinal);
        Assert.Equal("users", Custom(service, "name"));
        Assert.Equal("AQICAHciphertext", Custom(service, "cipher"));
        Assert.All(_ssm.Requests, request => Assert.False(request.GetProperty("WithDecryption").GetBoolean()));
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

    private static ConfigNode? CustomNode(ServiceDefinition service, string key) =>
        ((ConfigMapping)((ConfigMapping)service.Resolved)["custom"]!)[key];

    private static string? Custom(ServiceDefinition service, string key) =>
        (CustomNode(service, key) as ConfigScalar)?.Value;

    private string WriteCustom(params string[] lines)
    {
        var path = Path.Combine(_folder, "serverless.yml");
        File.WriteAllText(path, string.Join("\n", [
            "service: users-service",
            "provider:",
            "  name: aws",
            "  stage: dev",
            "custom:",
            .. lines.Select(line => "  " + line),
            "functions: {}",
            "",
        ]));
        return path;
    }

    private ServiceLoadOptions Options(bool allowDecryption = true)
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
                ["ssm"] = new SsmVariableSource(clients.CreateSsm) { AllowDecryption = allowDecryption },
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
