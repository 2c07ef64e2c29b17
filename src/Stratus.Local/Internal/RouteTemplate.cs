namespace Stratus.Local.Internal;

/// <summary>A parsed API Gateway route path: static segments, <c>{param}</c> and a final <c>{name+}</c>.</summary>
internal sealed class RouteTemplate
{
    public const string DefaultRoute = "$default";

    private static readonly KeyValuePair<string, string>[] NoParameters = [];

    private readonly Segment[] _segments;

    private RouteTemplate(string path, Segment[] segments, bool isDefault)
    {
        Path = path;
        _segments = segments;
        IsDefault = isDefault;
    }

    public string Path { get; }

    /// <summary>Whether this is the HTTP API's <c>$default</c> route, which matches every request last.</summary>
    public bool IsDefault { get; }

    /// <summary>Whether the last segment is a greedy <c>{name+}</c> variable.</summary>
    public bool HasGreedyTail => _segments.Length > 0 && _segments[^1].Kind == SegmentKind.Greedy;

    /// <summary>Parses a route path such as <c>/users/{id}</c>.</summary>
    /// <exception cref="ArgumentException">The path is not a valid API Gateway route path.</exception>
    public static RouteTemplate Parse(string path, string functionKey)
    {
        if (path == DefaultRoute)
        {
            return new RouteTemplate(path, [], isDefault: true);
        }

        if (!path.StartsWith('/'))
        {
            throw new ArgumentException(
                $"Function '{functionKey}' has route path '{path}', which does not start with '/'; " +
                "use a path such as '/users/{id}' or '$default'.");
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new Segment[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            segments[i] = ParseSegment(parts[i], isLast: i == parts.Length - 1, path, functionKey);
        }

        return new RouteTemplate(path, segments, isDefault: false);
    }

    /// <summary>
    /// Matches request path segments: still percent-encoded (<paramref name="decoded"/> false), whose static parts
    /// are compared decoded, or already decoded.
    /// </summary>
    /// <returns>The path parameter values as the segments carry them, or null when the path does not match.</returns>
    /// <remarks>
    /// Every route is tried on every request, so a miss, or a match without parameters, allocates nothing.
    /// </remarks>
    public IReadOnlyList<KeyValuePair<string, string>>? Match(string[] requestSegments, bool decoded = false)
    {
        if (IsDefault)
        {
            return NoParameters;
        }

        List<KeyValuePair<string, string>>? parameters = null;
        for (var i = 0; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            if (segment.Kind == SegmentKind.Greedy)
            {
                // {proxy+} needs at least one segment: /files/{proxy+} does not match /files itself.
                if (i >= requestSegments.Length)
                {
                    return null;
                }

                parameters ??= [];
                parameters.Add(new(segment.Text, string.Join('/', requestSegments[i..])));
                return parameters;
            }

            if (i >= requestSegments.Length || !segment.Matches(requestSegments[i], decoded))
            {
                return null;
            }

            if (segment.Kind == SegmentKind.Parameter)
            {
                parameters ??= [];
                parameters.Add(new(segment.Text, requestSegments[i]));
            }
        }

        if (_segments.Length != requestSegments.Length)
        {
            return null;
        }

        return (IReadOnlyList<KeyValuePair<string, string>>?)parameters ?? NoParameters;
    }

    /// <summary>
    /// Whether request path segments (still percent-encoded) name this REST route's resource or one of its
    /// parents: API Gateway makes a resource of every segment of a path, so /a/b/{id} makes /a and /a/b too.
    /// </summary>
    public bool NamesResourceOrParent(string[] requestSegments)
    {
        if (IsDefault || (requestSegments.Length > _segments.Length && !HasGreedyTail))
        {
            return false;
        }

        for (var i = 0; i < requestSegments.Length; i++)
        {
            var segment = _segments[i];
            if (segment.Kind == SegmentKind.Greedy)
            {
                return true;
            }

            if (!segment.Matches(requestSegments[i], decoded: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Orders two templates that matched the same path: static beats {param}, which beats {proxy+}.</summary>
    public int CompareSpecificity(RouteTemplate other)
    {
        if (IsDefault != other.IsDefault)
        {
            return IsDefault ? 1 : -1;
        }

        var length = Math.Min(_segments.Length, other._segments.Length);
        for (var i = 0; i < length; i++)
        {
            var order = _segments[i].Kind.CompareTo(other._segments[i].Kind);
            if (order != 0)
            {
                return order;
            }
        }

        // Longer literal prefixes are more specific; a greedy tail matched fewer fixed segments.
        return other._segments.Length.CompareTo(_segments.Length);
    }

    private static Segment ParseSegment(string part, bool isLast, string path, string functionKey)
    {
        if (!part.StartsWith('{') || !part.EndsWith('}'))
        {
            if (part.Contains('{', StringComparison.Ordinal) || part.Contains('}', StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Function '{functionKey}' has route path '{path}' with segment '{part}' that mixes text " +
                    "and braces; API Gateway needs a whole segment per parameter, such as '/{id}'.");
            }

            return new Segment(SegmentKind.Static, part);
        }

        var name = part[1..^1];
        if (!name.EndsWith('+'))
        {
            return new Segment(SegmentKind.Parameter, name);
        }

        if (!isLast)
        {
            throw new ArgumentException(
                $"Function '{functionKey}' has route path '{path}' with greedy segment '{part}' before the end; " +
                "put the '{name+}' segment last.");
        }

        return new Segment(SegmentKind.Greedy, name[..^1]);
    }

    private enum SegmentKind
    {
        Static,
        Parameter,
        Greedy,
    }

    private readonly record struct Segment(SegmentKind Kind, string Text)
    {
        public bool Matches(string requestSegment, bool decoded) =>
            Kind != SegmentKind.Static
            || string.Equals(
                decoded ? requestSegment : Uri.UnescapeDataString(requestSegment), Text, StringComparison.Ordinal);
    }
}
