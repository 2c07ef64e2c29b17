using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Stratus.Functions.Internal.Secrets;

/// <summary>
/// The one KMS call a function needs, Decrypt, in AWS's JSON 1.1 protocol
/// (https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html): <c>POST /</c> with
/// <c>X-Amz-Target: TrentService.Decrypt</c>, signed with Signature Version 4.
/// </summary>
internal sealed class KmsDecryptClient : IDisposable
{
    public const string Target = "TrentService.Decrypt";
    public const string ContentType = "application/x-amz-json-1.1";

    /// <summary>Points the client at a KMS-compatible server instead of kms.&lt;region&gt;.amazonaws.com.</summary>
    public const string EndpointVariable = "STRATUS_KMS_ENDPOINT";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly AwsCredentials _credentials;
    private readonly string _region;
    private readonly TimeProvider _timeProvider;

    public KmsDecryptClient(Uri endpoint, AwsCredentials credentials, string region, TimeProvider timeProvider)
    {
        _endpoint = endpoint;
        _credentials = credentials;
        _region = region;
        _timeProvider = timeProvider;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
    }

    public static Uri DefaultEndpoint(string region) => new($"https://kms.{region}.amazonaws.com/");

    /// <summary>Builds the request body; the plaintext never passes through here, only ciphertext.</summary>
    public static byte[] RequestBody(
        byte[] ciphertext,
        string keyId,
        IReadOnlyDictionary<string, string> encryptionContext)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBase64String("CiphertextBlob", ciphertext);
            writer.WriteString("KeyId", keyId);
            writer.WriteStartObject("EncryptionContext");
            foreach (var (name, value) in encryptionContext)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Decrypts a ciphertext blob; failures say what KMS answered, never what the value was.</summary>
    /// <exception cref="SecretDecryptionException">KMS refused, or could not be reached.</exception>
    public async Task<byte[]> DecryptAsync(
        byte[] ciphertext,
        string keyId,
        IReadOnlyDictionary<string, string> encryptionContext,
        CancellationToken cancellationToken)
    {
        var body = RequestBody(ciphertext, keyId, encryptionContext);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Headers.Add("X-Amz-Target", Target);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        AwsSigV4Signer.Sign(request, body, _credentials, _region, "kms", _timeProvider.GetUtcNow());

        // Limitation: Decrypt is not retried on throttling or 5xx answers; the cold start fails with an init error
        // naming the variable, and Lambda's next cold start tries again. Tracked in #6.
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            throw new SecretDecryptionException($"KMS at '{_endpoint}' could not be reached ({error.Message})", error);
        }

        using (response)
        {
            var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? ReadPlaintext(payload)
                : throw new SecretDecryptionException(
                    $"KMS refused Decrypt with status {(int)response.StatusCode}: {ReadError(payload)}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static byte[] ReadPlaintext(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.TryGetProperty("Plaintext", out var plaintext))
            {
                return plaintext.GetBytesFromBase64();
            }
        }
        catch (Exception error) when (error is JsonException or FormatException or InvalidOperationException)
        {
            // Reported below; the body may hold plaintext, so it is never quoted.
        }

        throw new SecretDecryptionException("KMS answered Decrypt without a readable 'Plaintext' field");
    }

    /// <summary>Reads AWS's JSON error (<c>__type</c> and <c>message</c>); error bodies hold no secret.</summary>
    private static string ReadError(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var type = root.TryGetProperty("__type", out var t) ? t.GetString() : null;
            var message = root.TryGetProperty("message", out var m) ? m.GetString()
                : root.TryGetProperty("Message", out var m2) ? m2.GetString() : null;
            return $"{type?.Split('#')[^1] ?? "unknown error"}{(message is null ? "" : $" ({message})")}";
        }
        catch (JsonException)
        {
            return "an answer that is not AWS's JSON error format";
        }
    }
}
