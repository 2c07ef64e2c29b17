using System.Globalization;

namespace Stratus.Local.Internal;

/// <summary>One field of an AWS cron expression written with values, ranges, lists and steps.</summary>
/// <remarks>The day fields' 'L', 'W' and '#' forms are read by <see cref="DayOfMonthRule"/> and
/// <see cref="DayOfWeekRule"/>, which hand their plain forms to this class.</remarks>
internal sealed class CronField
{
    private readonly bool[] _allowed;
    private readonly int _min;

    private CronField(CronFieldKind kind)
    {
        _min = kind.Min;
        _allowed = new bool[kind.Max - kind.Min + 1];
    }

    public bool Contains(int value) => value >= _min && value - _min < _allowed.Length && _allowed[value - _min];

    /// <exception cref="FormatException">The field is not valid AWS cron syntax for its position.</exception>
    public static CronField Parse(string text, CronFieldKind kind)
    {
        var field = new CronField(kind);
        foreach (var part in text.Split(','))
        {
            field.AddPart(part, kind);
        }

        return field;
    }

    /// <summary>Reads one value of the field, a number or, where the field has them, a name such as 'MON'.</summary>
    /// <exception cref="FormatException">The text is neither a number in range nor a name.</exception>
    public static int ParseValue(string text, CronFieldKind kind)
    {
        if (kind.Names is { } names)
        {
            var index = Array.FindIndex(names, name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index + 1;
            }
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value >= kind.Min && value <= kind.Max)
        {
            return value;
        }

        throw new FormatException(NotAValue(text, kind));
    }

    private void AddPart(string part, CronFieldKind kind)
    {
        var slash = part.Split('/');
        if (slash.Length > 2)
        {
            throw new FormatException($"Cron {kind.Name} '{part}' has more than one '/'.");
        }

        if (slash.Length == 2 && !kind.AllowsSteps)
        {
            throw new FormatException(
                $"Cron {kind.Name} '{part}' uses '/', which AWS does not allow in {kind.Name}; list the values.");
        }

        var step = slash.Length == 2 ? ParseStep(slash[1], kind) : 1;
        var (from, to) = slash[0] switch
        {
            "*" => (kind.Min, kind.Max),
            var range when range.Contains('-', StringComparison.Ordinal) => ParseRange(range, kind),

            // 'a/n' runs from a to the end of the field, as AWS's '0/5' does.
            var single => (ParseValue(single, kind), slash.Length == 2 ? kind.Max : -1),
        };
        if (to == -1)
        {
            to = from;
        }

        for (var value = from; value <= to; value += step)
        {
            _allowed[value - kind.Min] = true;
        }
    }

    private static int ParseStep(string text, CronFieldKind kind)
    {
        // A step is a value of its field, so '*/60' is refused in minutes (aws/aws-sdk-js#4212: "an invalid value
        // for the minutes field"), and it is no longer than the field, which matters only for years.
        var highest = Math.Min(kind.Max, kind.Max - kind.Min + 1);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            && step >= 1 && step <= highest
            ? step
            : throw new FormatException($"Cron {kind.Name} step '/{text}' is not a whole number from 1 to {highest}.");
    }

    private static (int From, int To) ParseRange(string range, CronFieldKind kind)
    {
        var ends = range.Split('-');
        if (ends.Length != 2)
        {
            throw new FormatException($"Cron {kind.Name} range '{range}' has more than one '-'; write it low-high.");
        }

        var from = ParseValue(ends[0], kind);
        var to = ParseValue(ends[1], kind);
        return from <= to
            ? (from, to)
            : throw new FormatException($"Cron {kind.Name} range '{range}' runs backwards; write it low-high.");
    }

    private static string NotAValue(string text, CronFieldKind kind)
    {
        // Name the wildcard when it is one AWS allows elsewhere: 'L in minutes' says more than 'not a number'.
        var misplaced = text switch
        {
            "?" => "'?', which AWS allows only alone, in one of day-of-month and day-of-week",
            _ when text.Contains('#', StringComparison.Ordinal) => "'#', which AWS allows only in day-of-week",
            _ when IsNumberWith(text, 'W') => "'W', which AWS allows only in day-of-month",
            _ when IsNumberWith(text, 'L') => "'L', which AWS allows only in day-of-month and day-of-week",
            _ => null,
        };
        if (misplaced is not null)
        {
            return $"Cron {kind.Name} value '{text}' uses {misplaced}.";
        }

        var names = kind.Names is { } list ? $" or a name {list[0]}-{list[^1]}" : "";

        // Unix cron counts Sunday as 0; AWS counts it as 1 (SUN) and Saturday as 7.
        var sunday = kind == CronFieldKind.DayOfWeek && text == "0" ? "; AWS counts SUN as 1, not 0" : "";
        return $"Cron {kind.Name} value '{text}' is not a number from {kind.Min} to {kind.Max}{names}{sunday}.";
    }

    // 'W', 'L', '5W', '6L': the letter as the day fields use it, not part of a misspelt name such as 'JULY'.
    private static bool IsNumberWith(string text, char letter) =>
        text.Length > 0
        && char.ToUpperInvariant(text[^1]) == letter
        && text[..^1].TrimStart('L', 'l').All(char.IsAsciiDigit);
}
