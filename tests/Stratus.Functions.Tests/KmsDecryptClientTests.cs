using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Stratus.Functions.Internal.Secrets;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

/// <summary>
/// Checks the KMS client against AWS's documented Decrypt request
/// (https://docs.aws.amazon.com/kms/latest/APIReference/API_Decrypt.html) through a fake KMS on 127.0.0.1.
/// </summary>
public sealed class KmsDecryptClientTests
{
    private static readonly AwsCredentials Credentials = new("AKIDTEST", "secret-key", "session-token");
    private static readonly byte[] Blob = [1, 2, 3, 4, 5, 250];

    [Fact]
    public async Task DecryptAsync_Request_FollowsTheDocumentedDecryptFormat()
    {
        await using var kms = FakeKms.Start(_ => (200, """{"KeyId":"k","Plaintext":"aGVsbG8="}"""));
        using var client = Client(kms);

        var plaintext = await client.DecryptAsync(Blob, "alias/stratus-secrets", Context(), CancellationToken.None);

        Assert.Equal("hello", Encoding.UTF8.GetString(plaintext));
        var request = Assert.Single(kms.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Target);
        Assert.Equal("TrentService.Decrypt", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        Assert.Equal("20250301T120000Z", request.Header("X-Amz-Date"));
        Assert.Equal("session-token", request.Header("X-Amz-Security-Token"));
        Assert.StartsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDTEST/20250301/eu-west-1/kms/aws4_request, SignedHeaders=",
            request.Header("Authorization"));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(Convert.ToBase64String(Blob), body.GetProperty("CiphertextBlob").GetString());
        Assert.Equal("alias/stratus-secrets", body.GetProperty("KeyId").GetString());
        var context = body.GetProperty("EncryptionContext");
        Assert.Equal("users-service", context.GetProperty("service").GetString());
        Assert.Equal("dev", context.GetProperty("stage").GetString());
        Assert.Equal("jwtSecret", context.GetProperty("secret").GetString());
    }

    [Fact]
    public async Task DecryptAsync_KmsRefuses_ThrowsWithErrorTypeAndStatus()
    {
        await using var kms = FakeKms.Start(_ => (
            400,
            """{"__type":"InvalidCiphertextException","message":"The ciphertext is invalid."}"""));
        using var client = Client(kms);

        var error = await Assert.ThrowsAsync<SecretDecryptionException>(
            () => client.DecryptAsync(Blob, "alias/stratus-secrets", Context(), CancellationToken.None));

        Assert.Contains("status 400", error.Message);
        Assert.Contains("InvalidCiphertextException", error.Message);
    }

    private static KmsDecryptClient Client(FakeKms kms) =>
        new(kms.Endpoint, Credentials, "eu-west-1", new FakeTimeProvider(HostRun.Start));

    private static Dictionary<string, string> Context() => new()
    {
        ["service"] = "users-service",
        ["stage"] = "dev",
        ["secret"] = "jwtSecret",
    };
}
