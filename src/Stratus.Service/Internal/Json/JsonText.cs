using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Stratus.Service.Internal.Json;

/// <summary>
/// Strings, names, numbers and equality of a parsed JSON value, read without the exceptions
/// <see cref="JsonElement.GetString"/> throws for text JSON's grammar allows but .NET strings refuse.
/// </summary>
internal static class JsonText
{
    /// <summary>The string's text, or null when its bytes are not UTF-8.</summary>
    public static string? Value(JsonElement text)
    {
        try
        {
            return text.GetString();
        }
        catch (InvalidOperationException)
        {
            var quoted = JsonMarshal.GetRawUtf8Value(text);
            return Unescape(quoted[1..^1]);
        }
    }

    /// <summary>The property's name, or null when its bytes are not UTF-8.</summary>
    public static string? Name(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return Unescape(JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }

    /// <summary>Whether the number is written without a fraction or an exponent, draft 4's 'integer'.</summary>
    public static bool IsWrittenAsInteger(JsonElement number) =>
        JsonMarshal.GetRawUtf8Value(number).IndexOfAny(".eE"u8) < 0;

    /// <summary>The object's members by name (the last of a repeated one wins); null for a name not UTF-8.</summary>
    public static Dictionary<string, JsonElement>? Members(JsonElement instance)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in instance.EnumerateObject())
        {
            if (Name(property) is not { } name)
            {
                return null;
            }

            members[name] = property.Value;
        }

        return members;
    }

    // GetString refuses both bytes that are not UTF-8 and a lone surrogate escape such as '\ud800'. JSON's grammar
    // allows the escape, and a Java validator (API Gateway's) keeps it as one UTF-16 unit, so it is decoded as-is.
    private static string? Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            if (raw[0] == (byte)'\\')
            {
                raw = AppendEscape(text, raw);
                continue;
            }

            if (Rune.DecodeFromUtf8(raw, out var rune, out var consumed) != OperationStatus.Done)
            {
                return null;
            }

            text.Append(rune.ToString());
            raw = raw[consumed..];
        }

        return text.ToString();
    }

    // The parser has checked every escape already, so each one is complete.
    private static ReadOnlySpan<byte> AppendEscape(StringBuilder text, ReadOnlySpan<byte> raw)
    {
        if (raw[1] != (byte)'u')
        {
            text.Append(raw[1] switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                var same => (char)same,
            });
            return raw[2..];
        }

        var unit = ushort.Parse(raw.Slice(2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        text.Append((char)unit);
        return raw[6..];
    }

    /// <summary>
    /// Draft 4's equality for enum and uniqueItems, as a text two values share exactly when they are equal (numbers
    /// by value, so 1 equals 1.0; object members in any order), so that uniqueness is one pass over a set instead
    /// of a comparison of every pair; null, equal to nothing, when a string or name in it is not UTF-8.
    /// </summary>
    public static string? EqualityKey(JsonElement value)
    {
        var key = new StringBuilder();
        return AppendKey(key, value) ? key.ToString() : null;
    }

    private static bool AppendKey(StringBuilder key, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                key.Append('n').Append(NumberKey(value)).Append(';');
                return true;
            case JsonValueKind.String:
                return AppendText(key, Value(value));
            case JsonValueKind.Array:
                key.Append('[');
                foreach (var item in value.EnumerateArray())
                {
                    if (!AppendKey(key, item))
                    {
                        return false;
                    }
                }

                key.Append(']');
                return true;
            case JsonValueKind.Object:
                return AppendObjectKey(key, value);
            default:
                key.Append(value.ValueKind switch
                {
                    JsonValueKind.True => 't',
                    JsonValueKind.False => 'f',
                    _ => 'z',
                });
                return true;
        }
    }

    private static bool AppendObjectKey(StringBuilder key, JsonElement value)
    {
        if (Members(value) is not { } members)
        {
            return false;
        }

        key.Append('{');
        foreach (var (name, member) in members.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!AppendText(key, name) || !AppendKey(key, member))
            {
                return false;
            }
        }

        key.Append('}');
        return true;
    }

    // Length first, so that no text can run into what follows it.
    private static bool AppendText(StringBuilder key, string? text)
    {
        if (text is null)
        {
            return false;
        }

        key.Append('s').Append(text.Length).Append(':').Append(text);
        return true;
    }

    /// <summary>
    /// The number's exact value as sign, significant digits and a power of ten ("-12e3" for -12000 and -1.2e4):
    /// read from its text, so no exponent is too large and no digit is rounded away, as it would be in a double or
    /// a decimal.
    /// </summary>
    public static string NumberKey(JsonElement number)
    {
        var (negative, digits, exponent) = ExactValue(number);
        return digits.Length == 0
            ? "0"
            : string.Create(CultureInfo.InvariantCulture, $"{(negative ? "-" : "")}{digits}e{exponent}");
    }

    /// <summary>
    /// The number as written, exactly: its sign, its significant digits without leading or trailing zeros (empty
    /// for zero) and the power of ten they are multiplied by.
    /// </summary>
    public static (bool Negative, string Digits, BigInteger Exponent) ExactValue(JsonElement number)
    {
        var text = Encoding.ASCII.GetString(JsonMarshal.GetRawUtf8Value(number));
        var exponentAt = text.IndexOfAny(['e', 'E']);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0
            ? BigInteger.Zero
            : BigInteger.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var fraction = point < 0 ? "" : mantissa[(point + 1)..];
        var significant = ((point < 0 ? mantissa : mantissa[..point]).TrimStart('-') + fraction).TrimStart('0');
        var trimmed = significant.TrimEnd('0');
        exponent += significant.Length - trimmed.Length - fraction.Length;
        return (text.StartsWith('-'), trimmed, exponent);
    }
}
