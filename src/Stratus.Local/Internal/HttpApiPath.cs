namespace Stratus.Local.Internal;

/// <summary>
/// The path an HTTP API routes on and delivers (rawPath, path parameters): the path as sent, decoded twice.
/// </summary>
/// <remarks>
/// AWS documents none of this; paths sent to an HTTP API and the rawPath its events carried, captured on AWS
/// (hotsock/voker, vokerhttp/testdata/ingress-paths.json), fit one reading: the path is percent-decoded, cut at a
/// '?' the first decoding made (<c>question%3Fvalue</c> arrives as <c>/question</c>), and decoded again
/// (<c>literal%252Fvalue</c> arrives as <c>literal/value</c>, <c>literal%2525value</c> as <c>literal%value</c>); a
/// '%' the second decoding cannot read (<c>percent%25done</c>) makes the gateway refuse the request with 400.
/// </remarks>
internal static class HttpApiPath
{
    /// <summary>The decoded path, or null when the HTTP API refuses the request.</summary>
    public static string? Decode(string rawPath)
    {
        var once = Uri.UnescapeDataString(rawPath);
        var question = once.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? once : once[..question];
        return HasUnreadableEscape(path) ? null : Uri.UnescapeDataString(path);
    }

    private static bool HasUnreadableEscape(string path)
    {
        for (var i = path.IndexOf('%', StringComparison.Ordinal); i >= 0; i = path.IndexOf('%', i + 1))
        {
            if (i + 2 >= path.Length || !Uri.IsHexDigit(path[i + 1]) || !Uri.IsHexDigit(path[i + 2]))
            {
                return true;
            }
        }

        return false;
    }
}
