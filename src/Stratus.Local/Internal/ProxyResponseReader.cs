using System.Text;
using System.Text.Json;

namespace Stratus.Local.Internal;

/// <summary>Turns a function's proxy response into an HTTP answer, or names why it is malformed.</summary>
internal static class ProxyResponseReader
{
    /// <summary>
    /// Reads a 1.0 response: statusCode, headers and multiValueHeaders (merged), body, isBase64Encoded.
    /// </summary>
    /// <remarks>
    /// A REST API refuses any other top-level key as a "Malformed Lambda proxy response" (AWS's knowledge-center
    /// page malformed-502-api-gateway lists the only fields; a 'cookies' key gave that 502 in rails-lambda/lamby#78,
    /// nitrojs/nitro#544 and fujiwara/ridge#25). Limitation: an HTTP API reads payload 1.0 answers the same way but
    /// lets other keys pass, as no report shows it refusing them; its documentation shows the same fields but
    /// states the headers merge only on the REST page.
    /// </remarks>
    /// <param name="payload">The function's answer.</param>
    /// <param name="api">The API that reads it: the keys it takes and its default Content-Type differ.</param>
    /// <param name="decodeBase64">Whether a base64 body becomes bytes (otherwise the base64 text is sent).</param>
    /// <param name="answer">The answer when the response is well formed.</param>
    /// <param name="problem">Why the response is malformed.</param>
    public static bool TryReadV1(
        ReadOnlySpan<byte> payload,
        ApiKind api,
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

            if (api == ApiKind.RestApi && FirstUnknownV1Key(root) is { } unknown)
            {
                problem = $"the response has the key '{unknown}', which a REST API proxy answer cannot have; " +
                    "return only statusCode, headers, multiValueHeaders, body and isBase64Encoded " +
                    "(put other data in body, cookies in multiValueHeaders 'Set-Cookie')";
                return false;
            }

            return TryReadStructured(
                root,
                decodeBase64,
                allowMultiValue: true,
                allowCookies: false,
                DefaultContentType(api),
                out answer,
                out problem);
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
            root,
            decodeBase64: true,
            allowMultiValue: false,
            allowCookies: true,
            DefaultContentType(ApiKind.HttpApi),
            out answer,
            out problem);
    }

    /// <summary>The Content-Type API Gateway gives a structured answer (one with statusCode) that names none.</summary>
    /// <remarks>
    /// AWS documents application/json only for the answers an HTTP API infers (no statusCode). For structured
    /// answers, AWS's own emulator (aws/aws-lambda-dotnet, LambdaTestTool-v2 ApiGatewayResponseExtensions, checked
    /// against deployed APIs) sends text/plain; charset=utf-8 for an HTTP API, payload 1.0 and 2.0 alike, and
    /// application/json for a REST API; fujiwara/ridge#9 reports the same HTTP API default.
    /// </remarks>
    private static string DefaultContentType(ApiKind api) =>
        api == ApiKind.RestApi ? "application/json" : "text/plain; charset=utf-8";

    private static string? FirstUnknownV1Key(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("statusCode" or "headers" or "multiValueHeaders" or "body" or "isBase64Encoded"))
            {
                return property.Name;
            }
        }

        return null;
    }

    private static bool TryReadStructured(
        JsonElement root,
        bool decodeBase64,
        bool allowMultiValue,
        bool allowCookies,
        string defaultContentType,
        out GatewayAnswer? answer,
        out string? problem)
    {
        answer = null;
        if (!TryReadStatus(root.GetProperty("statusCode"), out var status, out problem))
        {
            return false;
        }

        var headers = new List<KeyValuePair<string, string>>();
        var contentTypeNulled = false;
        if (allowMultiValue && !TryReadMultiValueHeaders(root, headers, ref contentTypeNulled, out problem))
        {
            return false;
        }

        if (!TryReadHeaders(root, headers, ref contentTypeNulled, out problem))
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

        // A Content-Type given as JSON null keeps the gateway from adding its own: that works in AWS
        // (aws/aws-sam-cli#1218), and Amazon.Lambda.AspNetCoreServer relies on it for answers without content.
        if (!contentTypeNulled && !headers.Any(header => IsContentType(header.Key)))
        {
            headers.Add(new("Content-Type", defaultContentType));
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

    private static bool IsContentType(string name) =>
        string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase);

    private static bool TryReadHeaders(
        JsonElement root,
        List<KeyValuePair<string, string>> headers,
        ref bool contentTypeNulled,
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
            if (value is null)
            {
                contentTypeNulled |= IsContentType(header.Name);
            }
            else if (!headers.Contains(new(header.Name, value), SameHeader.Instance))
            {
                headers.Add(new(header.Name, value));
            }
        }

        return true;
    }

    private static bool TryReadMultiValueHeaders(
        JsonElement root,
        List<KeyValuePair<string, string>> headers,
        ref bool contentTypeNulled,
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

                if (value is null)
                {
                    contentTypeNulled |= IsContentType(header.Name);
                }
                else
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
