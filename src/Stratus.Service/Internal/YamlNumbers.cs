using System.Globalization;
using System.Text.RegularExpressions;

namespace Stratus.Service.Internal;

/// <summary>
/// Number syntax as js-yaml (the framework's YAML reader) accepts it, and the JSON/text forms of numbers.
/// </summary>
internal static partial class YamlNumbers
{
    // js-yaml 4 (YAML 1.2) has no digit separators: '1_000' is text.
    public static bool IsNumber(string text) =>
        text.Length > 0 && (IntegerPattern().IsMatch(text) || FloatPattern().IsMatch(text));

    /// <summary>The number as a double, following the YAML prefixes (0x, 0o, 0b).</summary>
    public static double ToDouble(string text)
    {
        var clean = text;
        var sign = 1.0;
        if (clean.StartsWith('-') || clean.StartsWith('+'))
        {
            sign = clean[0] == '-' ? -1.0 : 1.0;
            clean = clean[1..];
        }

        return sign * ParseUnsigned(clean);
    }

    /// <summary>The number as a whole number, when it is one that fits a long.</summary>
    public static bool TryToInt64(string text, out long value)
    {
        var number = ToDouble(text);
        var isWhole = double.IsFinite(number) && Math.Floor(number) == number && Math.Abs(number) < 9.0e15;
        value = isWhole ? (long)number : 0;
        return isWhole;
    }

    /// <summary>
    /// The number as JSON writes it; infinity and NaN have no JSON form and become null, as in
    /// JSON.stringify.
    /// </summary>
    public static string ToJson(string text)
    {
        var number = ToDouble(text);
        return double.IsFinite(number) ? Format(number) : "null";
    }

    /// <summary>
    /// The number as JavaScript's String() renders it, used when a number is joined into text.
    /// </summary>
    public static string ToDisplay(string text)
    {
        var number = ToDouble(text);
        if (double.IsNaN(number))
        {
            return "NaN";
        }

        return double.IsInfinity(number) ? (number > 0 ? "Infinity" : "-Infinity") : Format(number);
    }

    /// <summary>The number as JavaScript's Number.prototype.toString writes it (shortest round-trip digits).</summary>
    public static string Format(double number)
    {
        if (number == 0)
        {
            return "0";
        }

        var negative = number < 0;
        var (digits, exponent) = ShortestDigits(Math.Abs(number));
        var text = JavaScriptLayout(digits, exponent);
        return negative ? "-" + text : text;
    }

    // The shortest digits that round-trip, and n such that the value is 0.digits x 10^n (ECMAScript's k and n).
    private static (string Digits, int Exponent) ShortestDigits(double value)
    {
        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var e = roundTrip.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? roundTrip : roundTrip[..e];
        var power = e < 0
            ? 0
            : int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = point < 0 ? mantissa : mantissa[..point];
        var fractionPart = point < 0 ? string.Empty : mantissa[(point + 1)..];
        var all = (integerPart + fractionPart).TrimStart('0');
        var leadingZeros = (integerPart + fractionPart).Length - all.Length;
        var exponent = integerPart.Length - leadingZeros + power;
        return (all.TrimEnd('0'), exponent);
    }

    private static string JavaScriptLayout(string digits, int n)
    {
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            return digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + digits;
        }

        var exponent = n - 1;
        var sign = exponent < 0 ? "-" : "+";
        var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return $"{mantissa}e{sign}{Math.Abs(exponent).ToString(CultureInfo.InvariantCulture)}";
    }

    private static double ParseUnsigned(string clean)
    {
        if (clean.StartsWith("0x", StringComparison.Ordinal))
        {
            return (double)Convert.ToUInt64(clean[2..], 16);
        }

        if (clean.StartsWith("0o", StringComparison.Ordinal))
        {
            return (double)Convert.ToUInt64(clean[2..], 8);
        }

        if (clean.StartsWith("0b", StringComparison.Ordinal))
        {
            return (double)Convert.ToUInt64(clean[2..], 2);
        }

        return clean.ToUpperInvariant() switch
        {
            ".INF" => double.PositiveInfinity,
            ".NAN" => double.NaN,
            _ => double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    [GeneratedRegex("^[-+]?(?:0b[01]+|0x[0-9a-fA-F]+|0o[0-7]+|[0-9]+)\\z")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(
        @"^(?:[-+]?(?:[0-9]+)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+]?[0-9]+)?" +
        @"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\z")]
    private static partial Regex FloatPattern();
}
