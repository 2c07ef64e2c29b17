using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratus.Packaging.Internal;

/// <summary>Reads and prints sizes: "10MB", "512 KB", 1048576.</summary>
internal static partial class Sizes
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.00} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    /// <summary>Parses a size; units are binary (1 MB = 1,048,576 bytes), as Lambda's limits are.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups[2].Value.ToUpperInvariant().TrimEnd('B', 'I');
        var factor = unit switch
        {
            "" => 1L,
            "K" => 1024L,
            "M" => 1024L * 1024,
            "G" => 1024L * 1024 * 1024,
            _ => 0L,
        };
        bytes = (long)(number * factor);
        return factor > 0 && bytes > 0;
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([KMG]?i?B?)\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
