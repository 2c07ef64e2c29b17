using System.Text;
using System.Text.Json;

namespace Stratus.Local.Internal;

/// <summary>Turns a function's proxy response into an HTTP answer, or names why it is malformed.</summary>
internal static class ProxyResponseReader
{
    /// <summary>
    /// Reads a 1.0 (REST) response: statusCode, headers and multiValueHeaders (merged), body, isBase64Encoded.
    /// </summary>
    /// <remarks>
    /// Limitation: HTTP APIs read payload 1.0 answers the same way; their documentation shows the same fields
    /// but states the headers merge only on the REST page.
    /// </remarks>
    /// <param name="payload">The function's answer.</param>
    /// <param name="decodeBase64">Whether a base64 body becomes bytes (otherwise the base64 text is sent).</param>
    /// <param name="answer">The answer when the response is well formed.</param>
    /// <param name="problem">Why the response is malformed.</param>
    public static bool TryReadV1(
        ReadOnlySpan<byte> payload,
        bool decodeBase64,
        out GatewayAnswer? answer,
        out string? problem)
    {
        answer = null;
        if (!TryParseObject(payload, out var document, out problem))
        {
            return false;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (!root.TryGetProperty("statusCode", out _))
            {
                problem = "the response has no statusCode";
                return false;
            }

            return TryReadStructured(
                root, decodeBase64, allowMultiValue: true, allowCookies: false, out answer, out problem);
        }
    }

    /// <summary>
    /// Reads a 2.0 response: a structured one when statusCode is present, otherwise any JSON value becomes a
    /// 200 application/json answer with that JSON as its body, except a bare string, whose text is the body.
    /// </summary>
    /// <remarks>
    /// AWS's table of inferred answers maps the output <c>"Hello from Lambda!"</c> to the body
    /// <c>Hello from Lambda!</c>, and <c>{ "message": ... }</c> to that JSON text:
    /// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
    /// </remarks>
    public static bool TryReadV2(ReadOnlySpan<byte> payload, out GatewayAnswer? answer, out string? problem)
    {
        answer = null;
        if (!LambdaErrors.IsJson(payload, out problem))
        {
            problem = "the response is not JSON: " + problem;
            return false;
        }

        var reader = new Utf8JsonReader(payload, LambdaErrors.PayloadReaderOptions);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out _))
        {
            var body = root.ValueKind == JsonValueKind.String
                ? Encoding.UTF8.GetBytes(root.GetString()!)
                : payload.ToArray();
            answer = new GatewayAnswer(200, [new("Content-Type", "application/json")], body);
            return true;
        }

        return TryReadStructured(
            root, decodeBase64: true, allowMultiValue: false, allowCookies: true, out answer, out problem);
    }

    private static bool TryReadStructured(
        JsonElement root,
        bool decodeBase64,
        bool allowMultiValue,
        bool allowCookies,
        out GatewayAnswer? answer,
        out string? problem)
    {
        answer = null;
        if (!TryReadStatus(root.GetProperty("statusCode"), out var status, out problem))
        {
            return false;
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (allowMultiValue && !TryReadMultiValueHeaders(root, headers, out problem))
        {
            return false;
        }

        if (!TryReadHeaders(root, headers, out problem))
        {
            return false;
        }

        if (allowCookies && !TryReadCookies(root, headers, out problem))
        {
            return false;
        }

        if (!TryReadBody(root, decodeBase64, out var body, out problem))
        {
            return false;
        }

        if (!headers.Any(header => string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Content-Type", "application/json"));
        }

        answer = new GatewayAnswer(status, headers, body);
        return true;
    }

    private static bool TryReadStatus(JsonElement element, out int status, out string? problem)
    {
        problem = null;
        var valid = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt32(out status),
            JsonValueKind.String => int.TryParse(element.GetString(), out status),
            _ => (status = 0) != 0,
        };
        if (valid && status is >= 200 and <= 599)
        {
            return true;
        }

        // A 1xx is an interim answer in HTTP: sent alone it leaves the client waiting for a final one (101
        // switches protocols instead), so it is refused as malformed, like a code outside 100-599.
        problem = valid && status is >= 100 and <= 199
            ? $"statusCode {status} is informational (1xx) and cannot be the final answer to a request"
            : $"statusCode {element.GetRawText()} is not an HTTP status code";
        return false;
    }

    private static bool TryReadHeaders(
        JsonElement root,
        List<KeyValuePair<string, string>> headers,
        out string? problem)
    {
        problem = null;
        if (!root.TryGetProperty("headers", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = "headers is not an object";
            return false;
        }

        foreach (var header in element.EnumerateObject())
        {
            if (!TryScalar(header.Value, out var value))
            {
                problem = $"header '{header.Name}' is not a string";
                return false;
            }

            // The two maps are merged into one list; a name and value given by both appear once, from
            // multiValueHeaders (read first). The output format section of this page says so:
            // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
            if (value is not null && !headers.Contains(new(header.Name, value), SameHeader.Instance))
            {
                headers.Add(new(header.Name, value));
            }
        }

        return true;
    }

    private static bool TryReadMultiValueHeaders(
        JsonElement root,
        List<KeyValuePair<string, string>> headers,
        out string? problem)
    {
        problem = null;
        if (!root.TryGetProperty("multiValueHeaders", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = "multiValueHeaders is not an object";
            return false;
        }

        foreach (var header in element.EnumerateObject())
        {
            if (header.Value.ValueKind != JsonValueKind.Array)
            {
                problem = $"multiValueHeaders '{header.Name}' is not an array";
                return false;
            }

            foreach (var item in header.Value.EnumerateArray())
            {
                if (!TryScalar(item, out var value))
                {
                    problem = $"multiValueHeaders '{header.Name}' holds a value that is not a string";
                    return false;
                }

                if (value is not null)
                {
                    headers.Add(new(header.Name, value));
                }
            }
        }

        return true;
    }

    private static bool TryReadCookies(
        JsonElement root,
        List<KeyValuePair<string, string>> headers,
        out string? problem)
    {
        problem = null;
        if (!root.TryGetProperty("cookies", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            problem = "cookies is not an array";
            return false;
        }

        foreach (var cookie in element.EnumerateArray())
        {
            if (cookie.ValueKind != JsonValueKind.String)
            {
                problem = "cookies holds a value that is not a string";
                return false;
            }

            headers.Add(new("Set-Cookie", cookie.GetString()!));
        }

        return true;
    }

    private static bool TryReadBody(JsonElement root, bool decodeBase64, out byte[] body, out string? problem)
    {
        body = [];
        problem = null;
        if (!root.TryGetProperty("body", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problem = "body is not a string";
            return false;
        }

        var isBase64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (!isBase64 || !decodeBase64)
        {
            body = Encoding.UTF8.GetBytes(element.GetString()!);
            return true;
        }

        if (element.TryGetBytesFromBase64(out var bytes))
        {
            body = bytes;
            return true;
        }

        problem = "isBase64Encoded is true but body is not valid base64";
        return false;
    }

    private static bool TryScalar(JsonElement element, out string? value)
    {
        value = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return value is not null || element.ValueKind == JsonValueKind.Null;
    }

    private static bool TryParseObject(ReadOnlySpan<byte> payload, out JsonDocument? document, out string? problem)
    {
        document = null;
        if (!LambdaErrors.IsJson(payload, out problem))
        {
            problem = "the response is not JSON: " + problem;
            return false;
        }

        var reader = new Utf8JsonReader(payload, LambdaErrors.PayloadReaderOptions);
        document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        problem = "the response is not a JSON object";
        document.Dispose();
        document = null;
        return false;
    }

    /// <summary>Header lines that are the same: names compared as HTTP does (ignoring case), values exactly.</summary>
    private sealed class SameHeader : IEqualityComparer<KeyValuePair<string, string>>
    {
        public static readonly SameHeader Instance = new();

        public bool Equals(KeyValuePair<string, string> x, KeyValuePair<string, string> y) =>
            string.Equals(x.Key, y.Key, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Value, y.Value, StringComparison.Ordinal);

        public int GetHashCode(KeyValuePair<string, string> obj) =>
            HashCode.Combine(
                StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Key),
                StringComparer.Ordinal.GetHashCode(obj.Value));
    }
}
