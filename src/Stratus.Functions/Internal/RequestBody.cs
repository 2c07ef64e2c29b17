using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Stratus.Functions.Internal;

/// <summary>
/// Reads an API Gateway request body as JSON; a body that does not fit is the caller's fault (400).
/// </summary>
internal static class RequestBody
{
    public static T ReadJson<T>(string? body, bool isBase64Encoded, JsonTypeInfo<T> jsonTypeInfo)
    {
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);

        var expected = typeof(T).Name;
        if (string.IsNullOrEmpty(body))
        {
            throw new HttpProblemException(
                400,
                "Bad Request",
                $"The request body is empty; expected a JSON '{expected}'.");
        }

        var bytes = Decode(body, isBase64Encoded, expected);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(bytes, jsonTypeInfo);
        }
        catch (JsonException exception)
        {
            // The reader's message gives the JSON path and position of the problem, never the body's values.
            throw new HttpProblemException(
                400,
                "Bad Request",
                $"The request body is not a valid JSON '{expected}': {exception.Message}");
        }

        return value ?? throw new HttpProblemException(
            400,
            "Bad Request",
            $"The request body is JSON null; expected a JSON '{expected}'.");
    }

    private static byte[] Decode(string body, bool isBase64Encoded, string expected)
    {
        if (!isBase64Encoded)
        {
            return Encoding.UTF8.GetBytes(body);
        }

        var buffer = new byte[body.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(body, buffer, out var written))
        {
            throw new HttpProblemException(
                400,
                "Bad Request",
                $"The request body is marked base64-encoded but is not valid base64; "
                + $"expected a JSON '{expected}'.");
        }

        return buffer.AsSpan(0, written).ToArray();
    }
}
