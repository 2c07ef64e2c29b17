using System.Globalization;

namespace Stratus.Local.Internal;

/// <summary>One field of an AWS cron expression: the set of values it allows.</summary>
/// <remarks>
/// Limitation: the 'W' (nearest weekday), '#' (nth weekday) and 'nL' forms are refused with a message rather than
/// emulated; plain 'L' in day-of-month is supported.
/// </remarks>
internal sealed class CronField
{
    private readonly bool[] _allowed;
    private readonly int _min;

    private CronField(int min, int max)
    {
        _min = min;
        _allowed = new bool[max - min + 1];
    }

    public bool Contains(int value) => value >= _min && value - _min < _allowed.Length && _allowed[value - _min];

    /// <exception cref="FormatException">The field is not valid AWS cron syntax.</exception>
    public static CronField Parse(string text, int min, int max, string[]? names, string fieldName)
    {
        var field = new CronField(min, max);
        foreach (var part in text.Split(','))
        {
            field.AddPart(part, min, max, names, fieldName);
        }

        return field;
    }

    private void AddPart(string part, int min, int max, string[]? names, string fieldName)
    {
        if (part.Contains('W', StringComparison.Ordinal) || part.Contains('#', StringComparison.Ordinal)
            || part.Contains('L', StringComparison.Ordinal))
        {
            throw new FormatException(
                $"Cron {fieldName} '{part}' uses W, # or L, which the local cloud does not emulate; " +
                "use values, ranges, lists and steps.");
        }

        var slash = part.Split('/');
        if (slash.Length > 2)
        {
            throw new FormatException($"Cron {fieldName} '{part}' has more than one '/'.");
        }

        var step = slash.Length == 2 ? ParseNumber(slash[1], 1, max - min + 1, null, fieldName) : 1;
        var (from, to) = slash[0] switch
        {
            "*" => (min, max),
            var range when range.Contains('-', StringComparison.Ordinal) =>
                ParseRange(range, min, max, names, fieldName),

            // 'a/n' runs from a to the end of the field, as AWS's '0/5' does.
            var single => (ParseNumber(single, min, max, names, fieldName), slash.Length == 2 ? max : -1),
        };
        if (to == -1)
        {
            to = from;
        }

        for (var value = from; value <= to; value += step)
        {
            _allowed[value - min] = true;
        }
    }

    private static (int From, int To) ParseRange(string range, int min, int max, string[]? names, string fieldName)
    {
        var ends = range.Split('-');
        var from = ParseNumber(ends[0], min, max, names, fieldName);
        var to = ParseNumber(ends[1], min, max, names, fieldName);
        return from <= to
            ? (from, to)
            : throw new FormatException($"Cron {fieldName} range '{range}' runs backwards; write it low-high.");
    }

    private static int ParseNumber(string text, int min, int max, string[]? names, string fieldName)
    {
        if (names is not null)
        {
            var index = Array.FindIndex(names, name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index + 1;
            }
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        throw new FormatException($"Cron {fieldName} value '{text}' is not a number from {min} to {max}.");
    }
}
