using System.Text;

namespace Stratus.Functions.Tests.Support;

/// <summary>An HTTP request as the fake Runtime API received it, header names exactly as sent.</summary>
internal sealed record RecordedRequest(
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public IEnumerable<string> HeaderNames => Headers.Select(header => header.Key);

    public string? Header(string name) =>
        Headers.Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            .Select(header => header.Value)
            .FirstOrDefault();
}
