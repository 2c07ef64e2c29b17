using System.Buffers;
using System.Globalization;
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

    /// <summary>Draft 4's equality for enum and uniqueItems: numbers by value, so 1 equals 1.0.</summary>
    public static bool Equal(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }

        return left.ValueKind switch
        {
            JsonValueKind.Number => JsonElement.DeepEquals(left, right),
            JsonValueKind.String => Value(left) is { } text && text == Value(right),
            JsonValueKind.Array => left.GetArrayLength() == right.GetArrayLength()
                && left.EnumerateArray().Zip(right.EnumerateArray()).All(pair => Equal(pair.First, pair.Second)),
            JsonValueKind.Object => ObjectsEqual(left, right),
            _ => true,
        };
    }

    private static bool ObjectsEqual(JsonElement left, JsonElement right)
    {
        var leftMembers = Members(left);
        var rightMembers = Members(right);
        return leftMembers is not null && rightMembers is not null
            && leftMembers.Count == rightMembers.Count
            && leftMembers.All(member => rightMembers.TryGetValue(member.Key, out var other)
                && Equal(member.Value, other));
    }

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
}
