using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace UsersService.Functions.Tokens;

/// <summary>
/// Issues and checks JSON Web Tokens signed with HS256 (RFC 7519, RFC 7515), written with HMACSHA256 alone: the
/// only claims used are <c>sub</c> (the user id), <c>iat</c> and <c>exp</c>.
/// </summary>
public sealed class JwtTokens
{
    /// <summary>The environment variable holding the signing key (decrypted at cold start from its envelope).</summary>
    public const string SecretVariable = "JWT_SECRET";

    /// <summary>How long a token is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    // The header is fixed, so it is encoded once: {"alg":"HS256","typ":"JWT"}.
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    /// <summary>Creates the issuer with the signing key's text (its UTF-8 bytes are the HMAC key).</summary>
    public JwtTokens(string secret, TimeProvider clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(clock);

        _key = Encoding.UTF8.GetBytes(secret);
        _clock = clock;
    }

    /// <summary>Issues a token for a user, valid for <see cref="Lifetime"/> from now.</summary>
    public string Issue(string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);

        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sub", userId);
            writer.WriteNumber("iat", now);
            writer.WriteNumber("exp", now + (long)Lifetime.TotalSeconds);
            writer.WriteEndObject();
        }

        var signingInput = $"{EncodedHeader}.{Base64Url.EncodeToString(buffer.ToArray())}";
        return $"{signingInput}.{Base64Url.EncodeToString(Sign(signingInput))}";
    }

    /// <summary>Checks a token's form, algorithm, signature and expiry; on success gives its subject.</summary>
    public TokenCheck Check(string? token, out string userId)
    {
        userId = "";
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 3 || !TryDecode(parts[0], out var header) || !TryDecode(parts[1], out var payload)
            || !TryDecode(parts[2], out var signature))
        {
            return TokenCheck.Malformed;
        }

        // The algorithm is pinned: a token saying "none" or another algorithm is not verified, it is refused.
        if (!IsHs256(header))
        {
            return TokenCheck.Forged;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign($"{parts[0]}.{parts[1]}")))
        {
            return TokenCheck.Forged;
        }

        if (!TryReadClaims(payload, out var subject, out var expires))
        {
            return TokenCheck.Malformed;
        }

        if (_clock.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return TokenCheck.Expired;
        }

        userId = subject;
        return TokenCheck.Valid;
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signingInput));

    private static bool TryDecode(string part, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(part);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static bool IsHs256(byte[] header)
    {
        try
        {
            using var document = JsonDocument.Parse(header);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("alg", out var alg)
                && alg.ValueKind == JsonValueKind.String
                && alg.GetString() == "HS256";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadClaims(byte[] payload, out string subject, out long expires)
    {
        subject = "";
        expires = 0;
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out expires))
            {
                return false;
            }

            subject = sub.GetString() ?? "";
            return subject.Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
