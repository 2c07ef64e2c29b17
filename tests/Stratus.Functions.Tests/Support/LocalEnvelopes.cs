using System.Security.Cryptography;
using System.Text;
using Stratus.Functions.Internal.Secrets;

namespace Stratus.Functions.Tests.Support;

/// <summary>
/// Seals values in the local envelope format, written from its description (not with the SDK's own code), so
/// the tests check the SDK against the format rather than against itself.
/// </summary>
internal static class LocalEnvelopes
{
    public static string Seal(byte[] key, string secret, string plaintext, string service = "users-service")
    {
        var keyId = Convert.ToHexString(SHA256.HashData(key).AsSpan(0, 8)).ToLowerInvariant();
        var header = $"key={keyId}&service={service}&stage=dev&secret={secret}";
        var associated = Encoding.UTF8.GetBytes($"stratus:v1:local:{header}");

        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapNonce = RandomNumberGenerator.GetBytes(12);
        var wrapped = new byte[32];
        var wrapTag = new byte[16];
        using (var wrap = new AesGcm(key, 16))
        {
            wrap.Encrypt(wrapNonce, dataKey, wrapped, wrapTag, associated);
        }

        var nonce = RandomNumberGenerator.GetBytes(12);
        var value = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[value.Length];
        var tag = new byte[16];
        using (var seal = new AesGcm(dataKey, 16))
        {
            seal.Encrypt(nonce, value, sealedValue, tag, associated);
        }

        var payload = wrapNonce.Concat(wrapped).Concat(wrapTag).Concat(nonce).Concat(sealedValue).Concat(tag);
        return $"stratus:v1:local:{header}:{Convert.ToBase64String(payload.ToArray())}";
    }

    public static string WriteKeyFile(string folder, byte[] key)
    {
        var path = Path.Combine(folder, "local.key");
        File.WriteAllBytes(path, key);
        return path;
    }

    public static byte[] Key(byte seed) => Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + seed)).ToArray();

    /// <summary>A KMS Decrypt request as documented, for comparing; unused fields left out.</summary>
    public static string KmsEnvelope(byte[] blob) =>
        $"stratus:v1:kms:key=alias%2Fstratus-secrets&service=users-service&stage=dev&secret=jwtSecret:"
        + Convert.ToBase64String(blob);

    public static SecretEnvelope Parse(string value) =>
        SecretEnvelope.TryParse(value, out var envelope, out var error) ? envelope! : throw new FormatException(error);
}
