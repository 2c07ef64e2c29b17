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
    public static bool IsText(string? mediaType)
    {
        var type = Essence(mediaType);
        return type.StartsWith("text/", StringComparison.Ordinal)
            || type is "application/json" or "application/xml" or "application/javascript"
            || (type.StartsWith("application/", StringComparison.Ordinal)
                && (type.EndsWith("+json", StringComparison.Ordinal)
                    || type.EndsWith("+xml", StringComparison.Ordinal)));
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
