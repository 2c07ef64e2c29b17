using System;
using System.Security.Cryptography;

namespace Stratus.Shared;

/// <summary>
/// The sealed payload of a local secret envelope, shared by the CLI that writes it (Stratus.Aws) and the SDK
/// that opens it in the function (Stratus.Functions), which must not depend on each other. A fresh data key
/// seals the value, the local key wraps the data key, and both seals authenticate the envelope header.
/// Layout: <c>wrapNonce(12) wrappedKey(32) wrapTag(16) nonce(12) ciphertext tag(16)</c>.
/// </summary>
internal static class LocalEnvelopeCrypto
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int WrappedKeySize = NonceSize + KeySize + TagSize;

    /// <summary>The id written in envelopes: the first 8 bytes of the key's SHA-256, in lowercase hex.</summary>
    public static string KeyId(ReadOnlySpan<byte> key) =>
        Convert.ToHexString(SHA256.HashData(key).AsSpan(0, 8)).ToLowerInvariant();

    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associated)
    {
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

        return payload;
    }

    /// <summary>Returns the value, or null with the reason when the bytes are not a payload this key sealed.</summary>
    public static byte[]? Open(
        byte[] key,
        ReadOnlySpan<byte> payload,
        ReadOnlySpan<byte> associated,
        out string error)
    {
        if (payload.Length < WrappedKeySize + NonceSize + TagSize)
        {
            error = "its payload is too short to be a local envelope";
            return null;
        }

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
