namespace Stratus.Local.Internal;

/// <summary>Content-type rules API Gateway uses to decide between text and base64 bodies.</summary>
internal static class MediaTypes
{
    /// <summary>Whether a media type matches one of the REST API's binaryMediaTypes (which may use '*').</summary>
    public static bool MatchesAny(string? mediaType, IReadOnlyList<string> patterns)
    {
        var type = Essence(mediaType);
        if (type.Length == 0)
        {
            return false;
        }

        foreach (var pattern in patterns)
        {
            if (Matches(type, Essence(pattern)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first media range of an Accept header, which is the one API Gateway checks.</summary>
    public static string? FirstAccepted(string? accept) => accept?.Split(',')[0];

    /// <summary>Whether an HTTP API passes a body of this type as text rather than base64.</summary>
    /// <remarks>
    /// AWS documents only that a binary body is base64-encoded, not which types are binary. Measured on AWS
    /// (ministackorg/ministack#766, HTTP API payload 2.0): text only for <c>text/*</c>, <c>application/json</c>,
    /// <c>application/xml</c> and <c>application/javascript</c>; every other type, <c>+json</c> and <c>+xml</c>
    /// suffixes and form posts included, and a body without a Content-Type are base64.
    /// </remarks>
    public static bool IsText(string? mediaType)
    {
        var type = Essence(mediaType);
        return type.StartsWith("text/", StringComparison.Ordinal)
            || type is "application/json" or "application/xml" or "application/javascript";
    }

    private static bool Matches(string type, string pattern)
    {
        if (pattern == "*/*" || pattern == type)
        {
            return true;
        }

        // A wildcard subtype ('image/*') covers that top-level type; wildcards in the request do not match.
        return pattern.EndsWith("/*", StringComparison.Ordinal)
            && type.StartsWith(pattern[..^1], StringComparison.Ordinal);
    }

    private static string Essence(string? mediaType)
    {
        if (string.IsNullOrWhiteSpace(mediaType))
        {
            return string.Empty;
        }

        var semicolon = mediaType.IndexOf(';', StringComparison.Ordinal);
        var essence = semicolon < 0 ? mediaType : mediaType[..semicolon];
        return essence.Trim().ToLowerInvariant();
    }
}
