using Stratus.Shared;

namespace Stratus.Aws.Internal;

/// <summary>
/// Local envelopes as `stratus secrets --local` writes them: the value sealed by <see cref="LocalEnvelopeCrypto"/>
/// (AES-256-GCM with a fresh data key wrapped by the local key), its header authenticated by both seals.
/// </summary>
internal static class LocalEnvelopeCipher
{
    public const int KeySize = LocalEnvelopeCrypto.KeySize;

    public static string KeyId(ReadOnlySpan<byte> key) => LocalEnvelopeCrypto.KeyId(key);

    public static string Seal(byte[] key, string header, byte[] plaintext)
    {
        var associated = SecretEnvelope.AssociatedDataOf(SecretEnvelope.LocalBackend, header);
        var payload = LocalEnvelopeCrypto.Seal(key, plaintext, associated);
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

        return LocalEnvelopeCrypto.Open(key, envelope.Payload, envelope.AssociatedData, out error);
    }
}
