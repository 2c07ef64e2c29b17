using System;
using System.IO;
using Stratus.Shared;

namespace Stratus.Functions.Internal.Secrets;

/// <summary>
/// Opens local envelopes (what <c>stratus secrets --local</c> and <c>stratus dev</c> write): the value sealed by
/// <see cref="LocalEnvelopeCrypto"/>, AES-256-GCM with a data key wrapped by the local key.
/// </summary>
internal static class LocalSecretCipher
{
    public const int KeySize = LocalEnvelopeCrypto.KeySize;

    /// <summary>The file holding the local key; 'stratus dev' passes its path, never its bytes.</summary>
    public const string KeyFileVariable = "STRATUS_LOCAL_KEY_FILE";

    public static byte[] ReadKeyFile(string path)
    {
        byte[] key;
        try
        {
            key = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new SecretDecryptionException($"the local key file '{path}' cannot be read ({error.Message})", error);
        }

        return key.Length == KeySize
            ? key
            : throw new SecretDecryptionException(
                $"the local key file '{path}' holds {key.Length} bytes, not the {KeySize} of an AES-256 key");
    }

    public static byte[] Decrypt(SecretEnvelope envelope, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(envelope);

        var keyId = LocalEnvelopeCrypto.KeyId(key);
        if (!string.Equals(envelope.KeyId, keyId, StringComparison.Ordinal))
        {
            throw new SecretDecryptionException(
                $"it was encrypted with local key '{envelope.KeyId}', but the local key file holds key '{keyId}'");
        }

        return LocalEnvelopeCrypto.Open(key, envelope.Payload, envelope.AssociatedData, out var error)
            ?? throw new SecretDecryptionException(error);
    }
}
