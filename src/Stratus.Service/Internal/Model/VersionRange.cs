using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratus.Service.Internal.Model;

/// <summary>
/// Whether a version satisfies an npm semver range ('3', '^3.38.0', '&gt;=2 &lt;4', '2.x || 3.x', '3.1 - 3.40'), as
/// the framework checks <c>frameworkVersion</c> with node-semver's <c>satisfies</c>; a range that does not parse
/// is satisfied by nothing, as there.
/// </summary>
internal static partial class VersionRange
{
    private readonly record struct Version(int Major, int Minor, int Patch, string Prerelease);

    // A partial version: a missing or wildcard part is null.
    private readonly record struct Partial(int? Major, int? Minor, int? Patch, string Prerelease);

    public static bool Satisfies(int major, int minor, int patch, string range)
    {
        ArgumentNullException.ThrowIfNull(range);

        var version = new Version(major, minor, patch, "");
        return range.Split("||").Any(set => SetSatisfied(version, set));
    }

    private static bool SetSatisfied(Version version, string set)
    {
        var text = OperatorSpace().Replace(set.Trim(), "$1");
        var hyphen = HyphenRange().Match(text);
        if (hyphen.Success)
        {
            return TryParse(hyphen.Groups[1].Value, out var low)
                && TryParse(hyphen.Groups[2].Value, out var high)
                && Matches(version, ">=", low)
                && Matches(version, "<=", high);
        }

        var comparators = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return comparators.All(comparator => ComparatorSatisfied(version, comparator));
    }

    private static bool ComparatorSatisfied(Version version, string comparator)
    {
        var match = Comparator().Match(comparator);
        return match.Success
            && TryParse(match.Groups[2].Value, out var partial)
            && Matches(version, match.Groups[1].Value, partial);
    }

    private static bool Matches(Version v, string op, Partial p)
    {
        var low = new Version(p.Major ?? 0, p.Minor ?? 0, p.Patch ?? 0, p.Prerelease);
        if (p.Major is null)
        {
            // '*' matches every version, and nothing is above or below it.
            return op is "" or "=" or ">=" or "<=" or "~" or "~>" or "^";
        }

        var next = NextAfter(p);
        return op switch
        {
            "" or "=" => Compare(v, low) >= 0 && (next is null ? Compare(v, low) == 0 : Compare(v, next.Value) < 0),
            ">=" => Compare(v, low) >= 0,
            ">" => next is null ? Compare(v, low) > 0 : Compare(v, next.Value) >= 0,
            "<" => Compare(v, low) < 0,
            "<=" => next is null ? Compare(v, low) <= 0 : Compare(v, next.Value) < 0,
            "~" or "~>" => Compare(v, low) >= 0 && Compare(v, TildeCeiling(p)) < 0,
            "^" => Compare(v, low) >= 0 && Compare(v, CaretCeiling(p)) < 0,
            _ => false,
        };
    }

    // The first version past a partial one ('1.2' → 1.3.0), or null for a full version.
    private static Version? NextAfter(Partial p) => (p.Minor, p.Patch) switch
    {
        (null, _) => new Version(p.Major!.Value + 1, 0, 0, ""),
        (_, null) => new Version(p.Major!.Value, p.Minor!.Value + 1, 0, ""),
        _ => null,
    };

    private static Version TildeCeiling(Partial p) => p.Minor is null
        ? new Version(p.Major!.Value + 1, 0, 0, "")
        : new Version(p.Major!.Value, p.Minor.Value + 1, 0, "");

    // '^' allows changes that do not touch the leftmost non-zero part given.
    private static Version CaretCeiling(Partial p) => (p.Major, p.Minor, p.Patch) switch
    {
        ( > 0, _, _) or (_, null, _) => new Version(p.Major!.Value + 1, 0, 0, ""),
        (0, > 0, _) or (0, _, null) => new Version(0, p.Minor!.Value + 1, 0, ""),
        _ => new Version(0, 0, p.Patch!.Value + 1, ""),
    };

    private static int Compare(Version a, Version b)
    {
        var parts = (a.Major, a.Minor, a.Patch).CompareTo((b.Major, b.Minor, b.Patch));
        if (parts != 0 || a.Prerelease == b.Prerelease)
        {
            return parts;
        }

        // A prerelease comes before its release.
        return a.Prerelease.Length == 0 ? 1 : b.Prerelease.Length == 0 ? -1
            : string.CompareOrdinal(a.Prerelease, b.Prerelease);
    }

    private static bool TryParse(string text, out Partial partial)
    {
        partial = default;
        var match = PartialVersion().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var groups = match.Groups;
        partial = new Partial(Part(groups[1]), Part(groups[2]), Part(groups[3]), groups[4].Value);
        return partial.Major is not null || (partial.Minor is null && partial.Patch is null);
    }

    private static int? Part(Group group) =>
        group.Success && int.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    [GeneratedRegex(@"(<=|>=|<|>|=|~>|~|\^)\s+")]
    private static partial Regex OperatorSpace();

    [GeneratedRegex(@"^(\S+)\s+-\s+(\S+)$")]
    private static partial Regex HyphenRange();

    [GeneratedRegex(@"^(<=|>=|<|>|=|~>|~|\^)?(.+)$")]
    private static partial Regex Comparator();

    [GeneratedRegex(@"^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex PartialVersion();
}
