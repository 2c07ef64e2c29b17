using System.Text;

namespace Stratus.Aws.Internal;

/// <summary>
/// The stored form of a secret: <c>stratus:v1:&lt;backend&gt;:&lt;header&gt;:&lt;base64 payload&gt;</c>, with the
/// header <c>key=...&amp;service=...&amp;stage=...&amp;secret=...</c> (values percent-encoded). Stratus.Functions
/// reads the same format at cold start; a test seals here and opens there.
/// </summary>
internal sealed record SecretEnvelope(
    string Backend,
    string Header,
    IReadOnlyDictionary<string, string> Fields,
    byte[] Payload)
{
    public const string Prefix = "stratus:v1:";
    public const string KmsBackend = "kms";
    public const string LocalBackend = "local";

    public string KeyId => Fields.GetValueOrDefault("key") ?? "";

    public string? Secret => Fields.GetValueOrDefault("secret");

    public byte[] AssociatedData => Encoding.UTF8.GetBytes($"{Prefix}{Backend}:{Header}");

    public Dictionary<string, string> EncryptionContext() => new(StringComparer.Ordinal)
    {
        ["service"] = Fields.GetValueOrDefault("service") ?? "",
        ["stage"] = Fields.GetValueOrDefault("stage") ?? "",
        ["secret"] = Fields.GetValueOrDefault("secret") ?? "",
    };

    public static string FormatHeader(string keyId, string service, string stage, string secret) =>
        $"key={Uri.EscapeDataString(keyId)}&service={Uri.EscapeDataString(service)}"
        + $"&stage={Uri.EscapeDataString(stage)}&secret={Uri.EscapeDataString(secret)}";

    public static byte[] AssociatedDataOf(string backend, string header) =>
        Encoding.UTF8.GetBytes($"{Prefix}{backend}:{header}");

    public static string Format(string backend, string header, byte[] payload) =>
        $"{Prefix}{backend}:{header}:{Convert.ToBase64String(payload)}";

    public static bool IsEnvelope(string value) => value.StartsWith("stratus:", StringComparison.Ordinal);

    /// <summary>Parses an envelope, or returns null with the reason (which never quotes the value).</summary>
    public static SecretEnvelope? TryParse(string value, out string error)
    {
        var parts = value.Trim().Split(':');
        if (parts.Length != 5 || parts[0] != "stratus" || parts[1] != "v1"
            || parts[2] is not (KmsBackend or LocalBackend))
        {
            error = "it is not a Stratus v1 secret envelope ('stratus:v1:<kms|local>:<header>:<payload>')";
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parts[3].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0)
            {
                fields[pair[..separator]] = Uri.UnescapeDataString(pair[(separator + 1)..]);
            }
        }

        try
        {
            error = "";
            return new SecretEnvelope(parts[2], parts[3], fields, Convert.FromBase64String(parts[4]));
        }
        catch (FormatException)
        {
            error = "its payload is not base64";
            return null;
        }
    }
}
