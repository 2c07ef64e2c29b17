using System.Security.Cryptography;
using System.Text;
using Stratus.Aws.Internal;

namespace Stratus.Aws.Secrets;

/// <summary>
/// The local backend: AES-256-GCM envelopes sealed with the key file in <see cref="LocalSecretsHome"/>, stored as
/// files in a folder that stands for the bucket. <c>stratus dev</c>, <c>invoke local</c> and
/// <c>stratus secrets --local</c> use it.
/// </summary>
public sealed class LocalSecretStore : ISecretStore
{
    private readonly LocalSecretsHome _home;

    /// <summary>Creates a store for one bucket and encryption context.</summary>
    /// <exception cref="SecretStoreException">The bucket name is not valid.</exception>
    public LocalSecretStore(LocalSecretsHome home, SecretScope scope)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(scope);

        SecretNames.ValidateBucket(scope.Bucket);
        _home = home;
        Scope = scope;
    }

    /// <inheritdoc />
    public SecretScope Scope { get; }

    private string BucketDirectory => _home.BucketDirectory(Scope.Bucket);

    /// <inheritdoc />
    public async Task<SecretInfo> SetAsync(string name, string plaintext, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);
        ArgumentNullException.ThrowIfNull(plaintext);

        var key = _home.ReadOrCreateKey();
        var keyId = LocalEnvelopeCipher.KeyId(key);
        var header = SecretEnvelope.FormatHeader(keyId, Scope.Service, Scope.Stage, name);
        var envelope = LocalEnvelopeCipher.Seal(key, header, Encoding.UTF8.GetBytes(plaintext));

        _home.CreateBucketDirectory(Scope.Bucket);
        var path = ObjectPath(name);
        var temporary = $"{path}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, LocalSecretsHome.OwnerOnlyNewFile()))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(envelope), cancellationToken);
            }

            // A rename replaces the old value at once: a reader sees the old or the new, never half of one.
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return new SecretInfo(name, File.GetLastWriteTimeUtc(path), keyId);
    }

    /// <inheritdoc />
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken)
    {
        var text = await ReadEnvelopeAsync(name, cancellationToken) ?? throw Missing(name);
        var envelope = SecretEnvelope.TryParse(text, out var error);
        if (envelope is null || envelope.Backend != SecretEnvelope.LocalBackend)
        {
            var reason = envelope is null ? error : $"it is a '{envelope.Backend}' envelope, not a local one";
            throw Undecryptable(name, reason);
        }

        var key = _home.ReadKey() ?? throw Undecryptable(name, $"there is no local key file at '{_home.KeyFilePath}'");
        var plaintext = LocalEnvelopeCipher.Open(key, envelope, out error) ?? throw Undecryptable(name, error);
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>Reads the stored envelope (ciphertext) as <c>${s3:bucket/name}</c> gives it, or null.</summary>
    public async Task<string?> ReadEnvelopeAsync(string name, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);

        var path = ObjectPath(name);
        return File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken)).Trim() : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SecretInfo>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(BucketDirectory))
        {
            return [];
        }

        var secrets = new List<SecretInfo>();
        var paths = Directory.EnumerateFiles(BucketDirectory).Where(p => !p.EndsWith(".tmp", StringComparison.Ordinal));
        foreach (var path in paths)
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            var keyId = SecretEnvelope.TryParse(text, out _)?.KeyId ?? "(not an envelope)";
            secrets.Add(new SecretInfo(Path.GetFileName(path), File.GetLastWriteTimeUtc(path), keyId));
        }

        return secrets.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        SecretNames.Validate(name);

        var path = ObjectPath(name);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    private string ObjectPath(string name) => Path.Combine(BucketDirectory, name);

    private SecretStoreException Missing(string name) => new(
        $"stage '{Scope.Stage}' has no secret '{name}' in the local store (bucket '{Scope.Bucket}')",
        $"set it with 'stratus secrets set {name} --local --stage {Scope.Stage}'.")
    {
        Code = SecretStoreErrorCodes.NotFound,
    };

    private SecretStoreException Undecryptable(string name, string reason) => new(
        $"the local secret '{name}' (bucket '{Scope.Bucket}') cannot be decrypted: {reason}",
        $"set it again with 'stratus secrets set {name} --local --stage {Scope.Stage}'.")
    {
        Code = SecretStoreErrorCodes.Undecryptable,
    };
}
