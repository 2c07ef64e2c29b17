using Stratus.Aws.Secrets;
using Stratus.Aws.Tests.Support;
using Stratus.Tests.Shared;

namespace Stratus.Aws.Tests;

/// <summary>The AWS backend against a real S3-protocol server (s3rver) and a KMS endpoint checked for format.</summary>
public sealed class AwsSecretStoreTests : IAsyncLifetime
{
    private const string Plaintext = "aws-plaintext-c0ffee";

    private AwsBackend _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsBackend.StartAsync("dev-secrets");

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    [Fact]
    public async Task SetAsync_Secret_StoresKmsCiphertextInTheStageBucket()
    {
        var store = _aws.Store();

        await store.SetAsync("jwtSecret", Plaintext, CancellationToken.None);

        using var stored = await _aws.S3.GetObjectAsync("dev-secrets", "jwtSecret");
        using var reader = new StreamReader(stored.ResponseStream);
        var text = await reader.ReadToEndAsync();
        Assert.StartsWith("stratus:v1:kms:key=arn%3Aaws%3Akms%3A", text);
        Assert.Contains("&service=users-service&stage=dev&secret=jwtSecret:", text);
        Assert.DoesNotContain(Plaintext, text);
        Assert.DoesNotContain(Convert.ToBase64String("aws-plaintext"u8.ToArray())[..12], text);
        Assert.Empty(_aws.Kms.Violations);
        var encrypt = Assert.Single(_aws.Kms.Requests);
        Assert.Equal("alias/stratus-secrets", encrypt.GetProperty("KeyId").GetString());
        var context = encrypt.GetProperty("EncryptionContext");
        Assert.Equal("users-service", context.GetProperty("service").GetString());
        Assert.Equal("dev", context.GetProperty("stage").GetString());
        Assert.Equal("jwtSecret", context.GetProperty("secret").GetString());
    }

    [Fact]
    public async Task SetListGetDelete_RoundTrip_DecryptsThroughKms()
    {
        var store = _aws.Store();
        await store.SetAsync("jwtSecret", Plaintext, CancellationToken.None);
        await store.SetAsync("dbPassword", "other", CancellationToken.None);

        var listed = await store.ListAsync(CancellationToken.None);
        var revealed = await store.GetAsync("jwtSecret", CancellationToken.None);
        var deleted = await store.DeleteAsync("jwtSecret", CancellationToken.None);
        var deletedAgain = await store.DeleteAsync("jwtSecret", CancellationToken.None);

        Assert.Equal(["dbPassword", "jwtSecret"], listed.Select(s => s.Name));
        Assert.All(listed, s => Assert.Equal(FakeKmsServer.KeyArn, s.KeyId));
        Assert.Equal(Plaintext, revealed);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Equal(["dbPassword"], (await store.ListAsync(CancellationToken.None)).Select(s => s.Name));
        Assert.Empty(_aws.Kms.Violations);
        Assert.Contains(_aws.Kms.Requests, r => r.TryGetProperty("CiphertextBlob", out _));
    }

    [Fact]
    public async Task GetAsync_ObjectMovedToAnotherSecretName_KmsRejectsTheContext()
    {
        var store = _aws.Store();
        await store.SetAsync("jwtSecret", Plaintext, CancellationToken.None);
        using (var stored = await _aws.S3.GetObjectAsync("dev-secrets", "jwtSecret"))
        using (var reader = new StreamReader(stored.ResponseStream))
        {
            var moved = (await reader.ReadToEndAsync())
                .Replace("secret=jwtSecret", "secret=apiKey", StringComparison.Ordinal);
            await _aws.S3.PutObjectAsync(
                new() { BucketName = "dev-secrets", Key = "apiKey", ContentBody = moved, UseChunkEncoding = false });
        }

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => store.GetAsync("apiKey", CancellationToken.None));

        Assert.Contains("KMS rejected the ciphertext", error.Message);
        Assert.DoesNotContain(Plaintext, error.ToString());
    }

    [Fact]
    public async Task SetAsync_MissingBucket_SaysSoAndWritesNothing()
    {
        var store = _aws.Store("qa");

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => store.SetAsync("jwtSecret", Plaintext, CancellationToken.None));

        Assert.Contains("the secrets bucket 'qa-secrets' does not exist", error.Message);
        Assert.Contains("custom.stratus.secrets.bucket", error.Fix);
        var buckets = await _aws.S3.ListBucketsAsync();
        Assert.Equal(["dev-secrets"], buckets.Buckets.Select(b => b.BucketName));
    }

    [Fact]
    public async Task SetAsync_UnknownKmsKey_FailsBeforeWritingTheObject()
    {
        var store = new AwsSecretStore(
            _aws.S3,
            _aws.Clients.CreateKms(),
            new SecretScope
            {
                Service = "users-service",
                Stage = "dev",
                Bucket = "dev-secrets",
                KmsKeyId = "alias/missing",
            });

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => store.SetAsync("jwtSecret", Plaintext, CancellationToken.None));

        Assert.Contains("the KMS key 'alias/missing' does not exist", error.Message);
        var objects = await _aws.S3.ListObjectsV2Async(new() { BucketName = "dev-secrets" });
        Assert.Empty(objects.S3Objects ?? []);
    }

    [Fact]
    public async Task GetAsync_MissingSecret_NamesStageSecretAndBucket()
    {
        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _aws.Store().GetAsync("nope", CancellationToken.None));

        Assert.Contains("stage 'dev' has no secret 'nope' in bucket 'dev-secrets'", error.Message);
    }

    [Fact]
    public void Credentials_NoneAnywhere_ListsWhatWasTried()
    {
        var settings = AwsBackend.Settings(_aws.S3Server.Endpoint, _aws.Kms.Endpoint, withCredentials: false);
        var clients = new AwsClients(settings);

        var error = Assert.Throws<SecretStoreException>(clients.CreateS3);

        Assert.Contains("no AWS credentials were found", error.Message);
        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message);
        Assert.Contains("--aws-profile", error.Fix);
    }
}
