using System;
using System.IO;
using System.Security.Cryptography;

namespace Stratus.Functions.Internal.Secrets;

/// <summary>
/// Opens local envelopes (what <c>stratus secrets --local</c> and <c>stratus dev</c> write): AES-256-GCM
/// envelope encryption. The payload is a data key wrapped by the local key, then the value sealed by that data
/// key: <c>wrapNonce(12) wrappedKey(32) wrapTag(16) nonce(12) ciphertext tag(16)</c>; both seals authenticate the
/// envelope header.
/// </summary>
internal static class LocalSecretCipher
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int WrappedKeySize = NonceSize + KeySize + TagSize;

    /// <summary>The file holding the local key; 'stratus dev' passes its path, never its bytes.</summary>
    public const string KeyFileVariable = "STRATUS_LOCAL_KEY_FILE";

    /// <summary>The id written in envelopes: the first 8 bytes of the key's SHA-256, in hex.</summary>
    public static string KeyId(ReadOnlySpan<byte> key) => AwsSigV4Signer.Hex(SHA256.HashData(key).AsSpan(0, 8));

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

        var keyId = KeyId(key);
        if (!string.Equals(envelope.KeyId, keyId, StringComparison.Ordinal))
        {
            throw new SecretDecryptionException(
                $"it was encrypted with local key '{envelope.KeyId}', but the local key file holds key '{keyId}'");
        }

        var payload = envelope.Payload.AsSpan();
        if (payload.Length < WrappedKeySize + NonceSize + TagSize)
        {
            throw new SecretDecryptionException("its payload is too short to be a local envelope");
        }

        var associated = envelope.AssociatedData;
        var dataKey = new byte[KeySize];
        var sealedValue = payload[WrappedKeySize..];
        var plaintext = new byte[sealedValue.Length - NonceSize - TagSize];
        try
        {
            using (var wrap = new AesGcm(key, TagSize))
            {
                wrap.Decrypt(
                    payload[..NonceSize],
                    payload.Slice(NonceSize, KeySize),
                    payload.Slice(NonceSize + KeySize, TagSize),
                    dataKey,
                    associated);
            }

            using var seal = new AesGcm(dataKey, TagSize);
            seal.Decrypt(
                sealedValue[..NonceSize],
                sealedValue[NonceSize..^TagSize],
                sealedValue[^TagSize..],
                plaintext,
                associated);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException error)
        {
            throw new SecretDecryptionException(
                "its ciphertext or header was changed after encryption (the AES-GCM tag does not match)",
                error);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
