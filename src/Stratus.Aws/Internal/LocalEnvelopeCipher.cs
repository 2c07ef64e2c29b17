using System.Security.Cryptography;

namespace Stratus.Aws.Internal;

/// <summary>
/// AES-256-GCM envelope encryption for the local store: a fresh data key seals the value, the local key wraps
/// the data key, and both seals authenticate the envelope header. Payload layout:
/// <c>wrapNonce(12) wrappedKey(32) wrapTag(16) nonce(12) ciphertext tag(16)</c>.
/// </summary>
internal static class LocalEnvelopeCipher
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int WrappedKeySize = NonceSize + KeySize + TagSize;

    public static string KeyId(ReadOnlySpan<byte> key) =>
        Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));

    public static string Seal(byte[] key, string header, byte[] plaintext)
    {
        var associated = SecretEnvelope.AssociatedDataOf(SecretEnvelope.LocalBackend, header);
        var payload = new byte[WrappedKeySize + NonceSize + plaintext.Length + TagSize];
        var span = payload.AsSpan();
        var dataKey = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            RandomNumberGenerator.Fill(span[..NonceSize]);
            using (var wrap = new AesGcm(key, TagSize))
            {
                wrap.Encrypt(
                    span[..NonceSize],
                    dataKey,
                    span.Slice(NonceSize, KeySize),
                    span.Slice(NonceSize + KeySize, TagSize),
                    associated);
            }

            var sealedValue = span[WrappedKeySize..];
            RandomNumberGenerator.Fill(sealedValue[..NonceSize]);
            using var seal = new AesGcm(dataKey, TagSize);
            seal.Encrypt(
                sealedValue[..NonceSize],
                plaintext,
                sealedValue[NonceSize..^TagSize],
                sealedValue[^TagSize..],
                associated);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        return SecretEnvelope.Format(SecretEnvelope.LocalBackend, header, payload);
    }

    /// <summary>Opens a local envelope; returns null with the reason when the key or the bytes are wrong.</summary>
    public static byte[]? Open(byte[] key, SecretEnvelope envelope, out string error)
    {
        var keyId = KeyId(key);
        if (envelope.KeyId != keyId)
        {
            error = $"it was encrypted with local key '{envelope.KeyId}', but the local key file holds key '{keyId}'";
            return null;
        }

        var payload = envelope.Payload.AsSpan();
        if (payload.Length < WrappedKeySize + NonceSize + TagSize)
        {
            error = "its payload is too short to be a local envelope";
            return null;
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
            error = "";
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            error = "its ciphertext or header was changed after encryption (the AES-GCM tag does not match)";
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
