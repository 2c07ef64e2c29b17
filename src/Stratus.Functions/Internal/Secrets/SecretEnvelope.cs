using System;
using System.Collections.Generic;
using System.Text;

namespace Stratus.Functions.Internal.Secrets;

/// <summary>
/// A stored secret: <c>stratus:v1:&lt;backend&gt;:&lt;header&gt;:&lt;base64 payload&gt;</c>. The header is a
/// query string (<c>key=...&amp;service=...&amp;stage=...&amp;secret=...</c>, values percent-encoded) naming the
/// key and the encryption context, so a function knows how to decrypt a value without extra configuration.
/// </summary>
/// <remarks>
/// Stratus.Aws writes the same format; both sides are tested against the same literal envelopes.
/// </remarks>
internal sealed record SecretEnvelope(
    string Backend,
    string Header,
    IReadOnlyDictionary<string, string> Fields,
    byte[] Payload)
{
    public const string Prefix = "stratus:";
    public const string Version = "v1";
    public const string KmsBackend = "kms";
    public const string LocalBackend = "local";

    /// <summary>Gets the key that encrypted the payload (a KMS key id or alias, or a local key id).</summary>
    public string KeyId => Fields.GetValueOrDefault("key") ?? "";

    /// <summary>
    /// Gets the text GCM authenticates for local envelopes: everything before the payload, so a header that was
    /// edited (another secret name, another key id) fails decryption like a tampered payload does.
    /// </summary>
    public byte[] AssociatedData => Encoding.UTF8.GetBytes($"{Prefix}{Version}:{Backend}:{Header}");

    /// <summary>Gets the KMS encryption context: the service, stage and secret name.</summary>
    public IReadOnlyDictionary<string, string> EncryptionContext
    {
        get
        {
            var context = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in new[] { "service", "stage", "secret" })
            {
                if (Fields.TryGetValue(name, out var value))
                {
                    context[name] = value;
                }
            }

            return context;
        }
    }

    /// <summary>Whether a value claims to be an envelope (it may still be malformed).</summary>
    public static bool IsEnvelope(string? value) =>
        value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Parses an envelope; on failure, says what is wrong without repeating the value.</summary>
    public static bool TryParse(string value, out SecretEnvelope? envelope, out string error)
    {
        ArgumentNullException.ThrowIfNull(value);

        envelope = null;
        var parts = value.Split(':');
        if (parts.Length != 5 || parts[0] + ":" != Prefix)
        {
            error = "it starts with 'stratus:' but is not of the form 'stratus:v1:<backend>:<header>:<payload>'";
            return false;
        }

        if (parts[1] != Version)
        {
            error = $"its format version '{parts[1]}' is not '{Version}', the only one this SDK reads";
            return false;
        }

        if (parts[2] is not (KmsBackend or LocalBackend))
        {
            error = $"its backend '{parts[2]}' is neither '{KmsBackend}' nor '{LocalBackend}'";
            return false;
        }

        var fields = ParseHeader(parts[3]);
        if (fields is null || !fields.ContainsKey("key"))
        {
            error = "its header does not name the key ('key=...')";
            return false;
        }

        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            error = "its payload is not base64";
            return false;
        }

        envelope = new SecretEnvelope(parts[2], parts[3], fields, payload);
        error = "";
        return true;
    }

    /// <summary>Builds the header text of an envelope from its fields, in a fixed order.</summary>
    public static string FormatHeader(string keyId, string service, string stage, string secret) =>
        $"key={Uri.EscapeDataString(keyId)}&service={Uri.EscapeDataString(service)}"
        + $"&stage={Uri.EscapeDataString(stage)}&secret={Uri.EscapeDataString(secret)}";

    private static Dictionary<string, string>? ParseHeader(string header)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in header.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return null;
            }

            fields[pair[..separator]] = Uri.UnescapeDataString(pair[(separator + 1)..]);
        }

        return fields;
    }
}
