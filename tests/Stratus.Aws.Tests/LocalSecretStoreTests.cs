using Stratus.Aws.Secrets;
using Stratus.Functions.Internal.Secrets;

namespace Stratus.Aws.Tests;

public sealed class LocalSecretStoreTests : IDisposable
{
    private const string Plaintext = "local-plaintext-4e1a9";

    private readonly string _root = Directory.CreateTempSubdirectory("stratus-home-").FullName;
    private readonly LocalSecretsHome _home;
    private readonly LocalSecretStore _store;

    public LocalSecretStoreTests()
    {
        _home = new LocalSecretsHome(_root);
        _store = new LocalSecretStore(_home, Scope("dev"));
    }

    [Fact]
    public async Task SetListGetDelete_RoundTrip_ReturnsPlaintextAndForgetsIt()
    {
        await _store.SetAsync("jwtSecret", Plaintext, CancellationToken.None);

        var listed = Assert.Single(await _store.ListAsync(CancellationToken.None));
        var revealed = await _store.GetAsync("jwtSecret", CancellationToken.None);
        var deleted = await _store.DeleteAsync("jwtSecret", CancellationToken.None);
        var deletedAgain = await _store.DeleteAsync("jwtSecret", CancellationToken.None);

        Assert.Equal("jwtSecret", listed.Name);
        Assert.Equal(16, listed.KeyId.Length);
        Assert.Equal(Plaintext, revealed);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Empty(await _store.ListAsync(CancellationToken.None));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task SetAsync_FirstUse_CreatesOwnerOnlyKeyAndStoresOnlyCiphertext()
    {
        await _store.SetAsync("jwtSecret", Plaintext, CancellationToken.None);

        Assert.Equal(32, new FileInfo(_home.KeyFilePath).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_home.KeyFilePath));
        var ownerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnlyFolder, File.GetUnixFileMode(Path.Combine(_root, "local-secrets")));
        Assert.Equal(ownerOnlyFolder, File.GetUnixFileMode(_home.BucketDirectory("dev-secrets")));
        var stored = await File.ReadAllTextAsync(Path.Combine(_home.BucketDirectory("dev-secrets"), "jwtSecret"));
        Assert.StartsWith("stratus:v1:local:key=", stored);
        Assert.Contains("&service=users-service&stage=dev&secret=jwtSecret:", stored);
        Assert.DoesNotContain(Plaintext, stored);
        Assert.Empty(Directory.EnumerateFiles(_root, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task SetAsync_Envelope_OpensWithTheFunctionSdk()
    {
        await _store.SetAsync("jwtSecret", Plaintext, CancellationToken.None);
        var envelope = await _store.ReadEnvelopeAsync("jwtSecret", CancellationToken.None);
        var variables = new Dictionary<string, string>
        {
            ["JWT_SECRET"] = envelope!,
            ["STRATUS_LOCAL_KEY_FILE"] = _home.KeyFilePath,
        };

        var decrypted = await SecretDecryptor.DecryptAsync(variables, TimeProvider.System, CancellationToken.None);

        Assert.Equal(Plaintext, decrypted["JWT_SECRET"]);
    }

    [Fact]
    public async Task GetAsync_KeyFileReplaced_ReportsWrongKeyWithoutPlaintext()
    {
        await _store.SetAsync("jwtSecret", Plaintext, CancellationToken.None);
        File.Delete(_home.KeyFilePath);
        _home.ReadOrCreateKey();

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _store.GetAsync("jwtSecret", CancellationToken.None));

        Assert.Contains("cannot be decrypted", error.Message);
        Assert.Contains("local key", error.Message);
        Assert.DoesNotContain(Plaintext, error.ToString());
    }

    [Fact]
    public async Task GetAsync_TamperedCiphertext_ReportsTheTagMismatch()
    {
        await _store.SetAsync("jwtSecret", Plaintext, CancellationToken.None);
        var path = Path.Combine(_home.BucketDirectory("dev-secrets"), "jwtSecret");
        var text = await File.ReadAllTextAsync(path);
        var payload = Convert.FromBase64String(text[(text.LastIndexOf(':') + 1)..]);
        payload[^3] ^= 0x10;
        await File.WriteAllTextAsync(path, text[..(text.LastIndexOf(':') + 1)] + Convert.ToBase64String(payload));

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _store.GetAsync("jwtSecret", CancellationToken.None));

        Assert.Contains("changed after encryption", error.Message);
    }

    [Fact]
    public async Task GetAsync_SecretOfAnotherStage_FailsBecauseTheContextDiffers()
    {
        await _store.SetAsync("jwtSecret", Plaintext, CancellationToken.None);
        var qa = new LocalSecretStore(_home, Scope("qa") with { Bucket = "dev-secrets" });
        var path = Path.Combine(_home.BucketDirectory("dev-secrets"), "jwtSecret");
        var moved = (await File.ReadAllTextAsync(path)).Replace("stage=dev", "stage=qa", StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, moved);

        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => qa.GetAsync("jwtSecret", CancellationToken.None));

        Assert.Contains("changed after encryption", error.Message);
    }

    [Fact]
    public async Task GetAsync_MissingSecret_SaysHowToSetIt()
    {
        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _store.GetAsync("nope", CancellationToken.None));

        Assert.Contains("stage 'dev' has no secret 'nope'", error.Message);
        Assert.Contains("stratus secrets set nope --local --stage dev", error.Fix);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task SetAsync_InvalidName_WritesNothing(string name)
    {
        var error = await Assert.ThrowsAsync<SecretStoreException>(
            () => _store.SetAsync(name, Plaintext, CancellationToken.None));

        Assert.Contains("not a valid secret name", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void Constructor_InvalidBucket_IsRefusedBeforeAnyWrite()
    {
        var error = Assert.Throws<SecretStoreException>(
            () => new LocalSecretStore(_home, Scope("Dev_Stage")));

        Assert.Contains("'Dev_Stage-secrets' is not a valid S3 bucket name", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static SecretScope Scope(string stage) => new()
    {
        Service = "users-service",
        Stage = stage,
        Bucket = SecretScope.DefaultBucket(stage),
    };
}
