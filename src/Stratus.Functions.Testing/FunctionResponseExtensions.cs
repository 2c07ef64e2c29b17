using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;

namespace Stratus.Functions.Testing;

/// <summary>Reads handler responses in tests: JSON bodies, problem details and headers.</summary>
public static class FunctionResponseExtensions
{
    /// <summary>
    /// Reads the body as JSON of type <typeparamref name="T"/>, decoding base64 first when needed.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The body is missing or does not fit <typeparamref name="T"/>.
    /// </exception>
    public static T ReadJson<T>(this HttpApiResponse response, JsonTypeInfo<T> json)
    {
        ArgumentNullException.ThrowIfNull(response);

        return Read(response.StatusCode, BodyText(response.Body, response.IsBase64Encoded), json);
    }

    /// <summary>
    /// Reads the body as JSON of type <typeparamref name="T"/>, decoding base64 first when needed.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The body is missing or does not fit <typeparamref name="T"/>.
    /// </exception>
    public static T ReadJson<T>(this RestApiResponse response, JsonTypeInfo<T> json)
    {
        ArgumentNullException.ThrowIfNull(response);

        return Read(response.StatusCode, BodyText(response.Body, response.IsBase64Encoded), json);
    }

    /// <summary>Reads the body as RFC 9457 problem details.</summary>
    public static HttpProblemDetails ReadProblem(this HttpApiResponse response) =>
        response.ReadJson(SdkJsonContext.Default.HttpProblemDetails);

    /// <summary>Reads the body as RFC 9457 problem details.</summary>
    public static HttpProblemDetails ReadProblem(this RestApiResponse response) =>
        response.ReadJson(SdkJsonContext.Default.HttpProblemDetails);

    /// <summary>
    /// Returns the body as text, decoding base64 first when needed (null when there is no body).
    /// </summary>
    public static string? BodyText(this HttpApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);

        return BodyText(response.Body, response.IsBase64Encoded);
    }

    /// <summary>
    /// Returns the body as text, decoding base64 first when needed (null when there is no body).
    /// </summary>
    public static string? BodyText(this RestApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);

        return BodyText(response.Body, response.IsBase64Encoded);
    }

    /// <summary>
    /// Returns a response header, matching the name case-insensitively, or null when absent.
    /// </summary>
    public static string? Header(this HttpApiResponse response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);

        return RequestLookup.Header(response.Headers, name);
    }

    /// <summary>
    /// Returns a response header, matching the name case-insensitively, or null when absent.
    /// </summary>
    public static string? Header(this RestApiResponse response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);

        return RequestLookup.Header(response.Headers, name);
    }

    private static string? BodyText(string? body, bool isBase64Encoded) =>
        body is not null && isBase64Encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(body)) : body;

    private static T Read<T>(int statusCode, string? body, JsonTypeInfo<T> json)
    {
        ArgumentNullException.ThrowIfNull(json);

        if (string.IsNullOrEmpty(body))
        {
            throw new InvalidOperationException(
                $"The response (status {statusCode}) has no body; expected JSON '{typeof(T).Name}'.");
        }

        try
        {
            return JsonSerializer.Deserialize(body, json)
                ?? throw new InvalidOperationException(
                    $"The response (status {statusCode}) body is JSON null; expected '{typeof(T).Name}'.");
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException(
                $"The response (status {statusCode}) body is not a JSON '{typeof(T).Name}': {exception.Message}"
                + $"{Environment.NewLine}Body: {body}",
                exception);
        }
    }
}
