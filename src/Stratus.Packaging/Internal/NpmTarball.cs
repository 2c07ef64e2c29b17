using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Stratus.Packaging.Internal;

/// <summary>
/// Downloads one npm package tarball and checks it against the integrity pinned for it. The registry is npm's
/// own setting (<c>NPM_CONFIG_REGISTRY</c>), so a mirror works; credentials in its URL are sent as Basic
/// authentication and never printed.
/// </summary>
internal static class NpmTarball
{
    /// <summary>
    /// How long the registry may send nothing (no headers, no body bytes) before the download is abandoned.
    /// </summary>
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    // HttpClient.Timeout stops at the response headers when the body is streamed; StallLimit covers the body.
    private static readonly HttpClient Http = new() { Timeout = StallLimit };

    /// <summary>
    /// The registry from the environment, else the public one; throws STR3016 when it is no http(s) URL.
    /// </summary>
    public static Uri Registry(string? configured)
    {
        var text = string.IsNullOrWhiteSpace(configured) ? "https://registry.npmjs.org/" : configured.Trim();
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var registry)
            || registry.Scheme is not ("http" or "https"))
        {
            throw ToolchainException.BadRegistry(Redact(text));
        }

        return registry;
    }

    /// <summary>The tarball's address under <paramref name="registry"/>, as npm lays packages out.</summary>
    public static Uri Address(Uri registry, string name, string version) =>
        new(registry, $"{name}/-/{name.Split('/')[^1]}-{version}.tgz");

    /// <summary>The address as it may be shown: without any user name or password.</summary>
    public static string Display(Uri address) =>
        address.UserInfo.Length == 0 ? address.ToString() : Redact(address.ToString());

    /// <summary>
    /// Downloads into <paramref name="target"/>; throws STR3016 or STR3017 when it is not the pinned tarball.
    /// </summary>
    public static async Task DownloadAsync(
        Uri address,
        string integrity,
        long size,
        string target,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        long received = 0;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            if (address.UserInfo.Length > 0)
            {
                var credentials = Encoding.UTF8.GetBytes(Uri.UnescapeDataString(address.UserInfo));
                request.Headers.Authorization =
                    new AuthenticationHeaderValue("Basic", Convert.ToBase64String(credentials));
            }

            using var response = await Http.SendAsync(
                request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw ToolchainException.DownloadFailed(
                    Display(address), $"the registry answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var file = File.Create(target);
            received = await CopyAsync(body, file, hash, cancellationToken);
        }
        catch (Exception failure) when (failure is HttpRequestException or IOException)
        {
            throw ToolchainException.DownloadFailed(Display(address), failure.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ToolchainException.DownloadFailed(
                Display(address),
                $"the registry stopped answering (nothing came for {StallLimit.TotalSeconds} seconds)");
        }

        if (received != size)
        {
            throw ToolchainException.DownloadFailed(
                Display(address), $"the download ended after {received:N0} of its {size:N0} bytes");
        }

        var actual = "sha512-" + Convert.ToBase64String(hash.GetHashAndReset());
        if (actual != integrity)
        {
            throw ToolchainException.IntegrityMismatch(Display(address), integrity, actual);
        }
    }

    /// <summary>Copies the body while hashing it; each read gets <see cref="StallLimit"/> to bring something.</summary>
    private static async Task<long> CopyAsync(
        Stream body,
        Stream file,
        IncrementalHash hash,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long received = 0;
        while (true)
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stall.CancelAfter(StallLimit);
            var read = await body.ReadAsync(buffer, stall.Token);
            if (read == 0)
            {
                return received;
            }

            received += read;
            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private static string Redact(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var slash = scheme < 0 ? -1 : url.IndexOf('/', scheme + 3);
        return scheme >= 0 && at > scheme && (slash < 0 || at < slash)
            ? url[..(scheme + 3)] + "***@" + url[(at + 1)..]
            : url;
    }
}
