using System.Text.Json;
using Stratus.Cli.Tests.Support;
using Stratus.Tests.Shared;

namespace Stratus.Cli.Tests;

/// <summary>
/// `stratus secrets` against AWS protocols on 127.0.0.1: a real s3rver and a KMS endpoint that checks AWS's request
/// format. The CLI reads credentials from the process environment, so this collection runs alone.
/// </summary>
[Collection(SecretsAwsGroup.Name)]
public sealed class SecretsAwsCommandTests : IAsyncLifetime
{
    private const string Plaintext = "cli-aws-plaintext-93b1";

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-secrets-aws-").FullName;
    private readonly Dictionary<string, string?> _saved = [];
    private S3rverProcess _s3 = null!;
    private FakeKmsServer _kms = null!;

    public async Task InitializeAsync()
    {
        _s3 = await S3rverProcess.StartAsync("dev-secrets");
        _kms = await FakeKmsServer.StartAsync();
        await File.WriteAllTextAsync(
            Path.Combine(_folder, "serverless.yml"),
            "service: users-service\nprovider:\n  name: aws\nfunctions: {}\n");
        SetVariable("AWS_ACCESS_KEY_ID", S3rverProcess.AccessKey);
        SetVariable("AWS_SECRET_ACCESS_KEY", S3rverProcess.SecretKey);
        SetVariable("AWS_SESSION_TOKEN", null);
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        await _kms.DisposeAsync();
        await _s3.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SetListGetRemove_Aws_StoreKmsCiphertextAndDecryptIt()
    {
        var set = await RunAsync("secrets", "set", "jwtSecret", "--value", Plaintext);
        var list = await RunAsync("secrets", "list");
        var reveal = await RunAsync("secrets", "get", "jwtSecret", "--reveal");
        var stored = await File.ReadAllTextAsync(StoredObjectPath("dev-secrets", "jwtSecret"));
        var remove = await RunAsync("secrets", "rm", "jwtSecret");

        Assert.All([set, list, reveal, remove], run => Assert.Equal(0, run.ExitCode));
        Assert.Contains("bucket 'dev-secrets', encrypted with key 'arn:aws:kms:", set.Out);
        Assert.Contains("jwtSecret", list.Out);
        Assert.Equal(Plaintext + Environment.NewLine, reveal.Out);
        Assert.StartsWith("stratus:v1:kms:", stored);
        Assert.DoesNotContain(Plaintext, stored);
        Assert.Empty(_kms.Violations);
        Assert.All([set, list, remove], run => Assert.DoesNotContain(Plaintext, run.Out + run.Error));
    }

    [Fact]
    public async Task Set_StageWithoutBucket_FailsNamingTheBucket()
    {
        var run = await CliRun.RunAsync(
            "secrets", "set", "jwtSecret", "--value", Plaintext, "--stage", "qa", "--config", Config,
            "--s3-endpoint", _s3.Endpoint.ToString(), "--kms-endpoint", _kms.Endpoint.ToString());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error STR4306: storing secret", run.Error);
        Assert.Contains("the secrets bucket 'qa-secrets' does not exist", run.Error);
        Assert.DoesNotContain(Plaintext, run.Out + run.Error);
    }

    [Fact]
    public async Task List_S3Unreachable_FailsNamingS3AndTheEndpointOption()
    {
        var run = await CliRun.RunAsync(
            "secrets", "list", "--stage", "dev", "--config", Config,
            "--s3-endpoint", ClosedEndpoint(), "--kms-endpoint", _kms.Endpoint.ToString());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error STR4310: listing the secrets in bucket 'dev-secrets' failed: S3 could not be reached",
            run.Error);
        Assert.Contains("fix: check the network, the region and --s3-endpoint.", run.Error);
    }

    [Fact]
    public async Task Set_KmsUnreachable_FailsNamingKmsAndTheEndpointOption()
    {
        var run = await CliRun.RunAsync(
            "secrets", "set", "jwtSecret", "--value", Plaintext, "--stage", "dev", "--config", Config,
            "--s3-endpoint", _s3.Endpoint.ToString(), "--kms-endpoint", ClosedEndpoint());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error STR4310: encrypting secret 'jwtSecret'", run.Error);
        Assert.Contains("KMS could not be reached", run.Error);
        Assert.Contains("fix: check the network, the region and --kms-endpoint.", run.Error);
        Assert.DoesNotContain(Plaintext, run.Out + run.Error);
    }

    [Fact]
    public async Task Package_Aws_WritesTheStoredKmsEnvelopeAsTheDeployedEnvironment()
    {
        using var service = new PrebuiltUsersService();
        var set = await RunAsync("secrets", "set", "jwtSecret", "--value", Plaintext);
        var stored = await File.ReadAllTextAsync(StoredObjectPath("dev-secrets", "jwtSecret"));

        var package = await CliRun.RunAsync(
            "package", "--stage", "dev", "--config", service.ConfigPath, "--s3-endpoint", _s3.Endpoint.ToString());

        Assert.Equal(0, set.ExitCode);
        Assert.Equal(0, package.ExitCode);
        using var manifest = JsonDocument.Parse(
            await File.ReadAllTextAsync(Path.Combine(service.PackageDirectory, "manifest.json")));
        var deployed = manifest.RootElement.GetProperty("functions").GetProperty("createToken")
            .GetProperty("environment").GetProperty("JWT_SECRET").GetString();
        Assert.StartsWith("stratus:v1:kms:", deployed);
        Assert.Equal(stored.Trim(), deployed);
        var resolved = await File.ReadAllTextAsync(Path.Combine(service.PackageDirectory, "resolved-service.json"));
        using var resolvedJson = JsonDocument.Parse(resolved);
        Assert.Equal(deployed, resolvedJson.RootElement.GetProperty("functions").GetProperty("getMe")
            .GetProperty("environment").GetProperty("JWT_SECRET").GetString());
        Assert.DoesNotContain("***", resolved);
        Assert.DoesNotContain(Plaintext, package.Out + package.Error);
        Assert.DoesNotContain(
            Directory.EnumerateFiles(service.Directory, "*", SearchOption.AllDirectories),
            path => File.ReadAllText(path).Contains(Plaintext, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Package_AwsSecretMissing_FailsAtTheReferenceWithTheBucketKeyAndSetCommand()
    {
        using var service = new PrebuiltUsersService();
        var (line, column) = PackageSecretsTests.References(service.ConfigPath, "${s3:")[0];

        var package = await CliRun.RunAsync(
            "package", "--stage", "dev", "--config", service.ConfigPath, "--s3-endpoint", _s3.Endpoint.ToString());

        Assert.Equal(2, package.ExitCode);
        Assert.Contains($"{service.ConfigPath}:{line}:{column}: error STR1122:", package.Error);
        Assert.Contains("the object 'jwtSecret' does not exist in bucket 'dev-secrets'", package.Error);
        Assert.Contains("fix: store it with 'stratus secrets set jwtSecret --stage dev'", package.Error);
        Assert.False(Directory.Exists(service.PackageDirectory));
    }

    [Fact]
    public async Task Package_S3Unreachable_FailsAtTheReferenceNamingS3AndTheEndpointOption()
    {
        using var service = new PrebuiltUsersService();
        var (line, column) = PackageSecretsTests.References(service.ConfigPath, "${s3:")[0];

        var package = await CliRun.RunAsync(
            "package", "--stage", "dev", "--config", service.ConfigPath, "--s3-endpoint", ClosedEndpoint());

        Assert.Equal(2, package.ExitCode);
        Assert.Contains($"{service.ConfigPath}:{line}:{column}: error STR1111:", package.Error);
        Assert.Contains("S3 could not be reached", package.Error);
        Assert.Contains("fix: check the network, the region and --s3-endpoint.", package.Error);
        Assert.False(Directory.Exists(service.PackageDirectory));
    }

    private string Config => Path.Combine(_folder, "serverless.yml");

    /// <summary>An endpoint on 127.0.0.1 where nothing listens: a port just taken from the OS and given back.</summary>
    private static string ClosedEndpoint()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(
        [.. args, "--stage", "dev", "--config", Config,
            "--s3-endpoint", _s3.Endpoint.ToString(), "--kms-endpoint", _kms.Endpoint.ToString()]);

    /// <summary>Where s3rver keeps an object's bytes (its file store layout: bucket/key._S3rver_object).</summary>
    private string StoredObjectPath(string bucket, string key) =>
        Directory.EnumerateFiles(Path.Combine(_s3.DataDirectory, bucket), $"{key}._S3rver_object").Single();

    private void SetVariable(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }
}

/// <summary>Runs alone, after the parallel collections: it sets process-wide AWS variables.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SecretsAwsGroup
{
    public const string Name = "secrets-aws";
}
