namespace Stratus.Aws.Secrets;

/// <summary>
/// Where a stage's secrets live, encrypted: KMS and S3 in AWS, or a key file and a folder on this machine.
/// Every method works on the one bucket and encryption context its <see cref="SecretScope"/> names.
/// </summary>
public interface ISecretStore
{
    /// <summary>Gets the bucket, key and context this store works on.</summary>
    SecretScope Scope { get; }

    /// <summary>Encrypts a value and stores it under the name, replacing any value stored before.</summary>
    /// <exception cref="SecretStoreException">The key, the bucket or the credentials are not usable.</exception>
    Task<SecretInfo> SetAsync(string name, string plaintext, CancellationToken cancellationToken);

    /// <summary>Reads and decrypts one secret.</summary>
    /// <exception cref="SecretStoreException">The secret does not exist or cannot be decrypted.</exception>
    Task<string> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Lists the secrets: names, dates and key ids, never values.</summary>
    Task<IReadOnlyList<SecretInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Deletes one secret; returns false when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
