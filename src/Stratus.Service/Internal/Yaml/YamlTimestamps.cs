using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratus.Service.Internal.Yaml;

/// <summary>
/// Unquoted dates and timestamps as js-yaml (the framework's YAML reader) reads them: it makes a Date of them,
/// and the framework's print shows that Date as an ISO 8601 UTC timestamp with milliseconds.
/// </summary>
// Limitation: the value becomes the ISO text the framework prints; the framework keeps a Date object, so a date
// joined into a longer string by a variable reads as JavaScript's Date.toString() there and as ISO text here.
internal static partial class YamlTimestamps
{
    public static bool TryToIso(string text, out string iso)
    {
        iso = string.Empty;
        var match = DatePattern().Match(text);
        if (!match.Success)
        {
            match = TimestampPattern().Match(text);
        }

        if (!match.Success)
        {
            return false;
        }

        // JavaScript's Date.UTC rolls over out-of-range parts (month 13 is January of the next year); adding
        // the parts one by one does the same.
        var value = new DateTime(Part(match, 1), 1, 1, 0, 0, 0, DateTimeKind.Utc)
            .AddMonths(Part(match, 2) - 1)
            .AddDays(Part(match, 3) - 1)
            .AddHours(Part(match, 4))
            .AddMinutes(Part(match, 5))
            .AddSeconds(Part(match, 6))
            .AddMilliseconds(Milliseconds(match.Groups[7].Value));

        if (match.Groups[9].Success)
        {
            var offset = (Part(match, 10) * 60) + Part(match, 11);
            value = value.AddMinutes(match.Groups[9].Value == "-" ? offset : -offset);
        }

        iso = value.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return true;
    }

    private static int Part(Match match, int group) =>
        match.Groups[group].Success && match.Groups[group].Length > 0
            ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture)
            : 0;

    private static int Milliseconds(string fraction) =>
        fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(3, '0')[..3], CultureInfo.InvariantCulture);

    [GeneratedRegex("^([0-9]{4})-([0-9]{2})-([0-9]{2})\\z")]
    private static partial Regex DatePattern();

    [GeneratedRegex(
        @"^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)([0-9][0-9]?):([0-9]{2}):([0-9]{2})" +
        @"(?:\.([0-9]*))?(?:[ \t]*(Z|([-+])([0-9][0-9]?)(?::([0-9]{2}))?))?\z")]
    private static partial Regex TimestampPattern();
}
