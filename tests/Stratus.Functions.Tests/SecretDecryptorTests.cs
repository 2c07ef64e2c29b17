using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Stratus.Functions.Internal.Secrets;
using Stratus.Functions.Tests.Support;

namespace Stratus.Functions.Tests;

public sealed class SecretDecryptorTests : IDisposable
{
    private const string Plaintext = "s3cr3t-plaintext-7f1c";

    private readonly string _folder = Directory.CreateTempSubdirectory("stratus-secrets-").FullName;
    private readonly FakeTimeProvider _clock = new(HostRun.Start);

    [Fact]
    public async Task DecryptAsync_LocalEnvelope_ReplacesItWithPlaintext()
    {
        var key = LocalEnvelopes.Key(1);
        var variables = Variables(LocalEnvelopes.Seal(key, "jwtSecret", Plaintext), key);

        var result = await SecretDecryptor.DecryptAsync(variables, _clock, CancellationToken.None);

        Assert.Equal(Plaintext, result["JWT_SECRET"]);
        Assert.Equal("plain", result["OTHER"]);
    }

    [Fact]
    public async Task DecryptAsync_NoEnvelope_ReturnsTheSameVariables()
    {
        var variables = new Dictionary<string, string> { ["OTHER"] = "plain" };

        var result = await SecretDecryptor.DecryptAsync(variables, _clock, CancellationToken.None);

        Assert.Same(variables, result);
    }

    [Fact]
    public async Task DecryptAsync_WrongKey_NamesVariableAndBothKeyIdsAndTheCommandThatStoresItAgain()
    {
        var sealedValue = LocalEnvelopes.Seal(LocalEnvelopes.Key(1), "jwtSecret", Plaintext);
        var variables = Variables(sealedValue, LocalEnvelopes.Key(2));

        var error = await Assert.ThrowsAsync<FunctionConfigurationException>(
            () => SecretDecryptor.DecryptAsync(variables, _clock, CancellationToken.None));

        Assert.Equal("JWT_SECRET", error.VariableName);
        Assert.Contains("'JWT_SECRET'", error.Message);
        Assert.Contains("local key", error.Message);
        Assert.Contains(
            "Fix: store the secret again with 'stratus secrets set jwtSecret --local --stage dev'", error.Message);
        Assert.DoesNotContain(Plaintext, error.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DecryptAsync_TamperedPayloadOrHeader_FailsTheTagCheck(bool tamperHeader)
    {
        var key = LocalEnvelopes.Key(1);
        var sealedValue = LocalEnvelopes.Seal(key, "jwtSecret", Plaintext);
        var tampered = tamperHeader
            ? sealedValue.Replace("secret=jwtSecret", "secret=otherSecret", StringComparison.Ordinal)
            : FlipLastPayloadByte(sealedValue);

        var error = await Assert.ThrowsAsync<FunctionConfigurationException>(
            () => SecretDecryptor.DecryptAsync(Variables(tampered, key), _clock, CancellationToken.None));

        Assert.Contains("changed after encryption", error.Message);
        Assert.DoesNotContain(Plaintext, error.ToString());
    }

    [Fact]
    public async Task DecryptAsync_LocalEnvelopeWithoutKeyFile_SaysHowToRunIt()
    {
        var variables = new Dictionary<string, string>
        {
            ["JWT_SECRET"] = LocalEnvelopes.Seal(LocalEnvelopes.Key(1), "jwtSecret", Plaintext),
        };

        var error = await Assert.ThrowsAsync<FunctionConfigurationException>(
            () => SecretDecryptor.DecryptAsync(variables, _clock, CancellationToken.None));

        Assert.Contains("STRATUS_LOCAL_KEY_FILE", error.Message);
    }

    [Theory]
    [InlineData("stratus:v2:local:key=a:AAAA", "format version 'v2'")]
    [InlineData("stratus:v1:vault:key=a:AAAA", "backend 'vault'")]
    [InlineData("stratus:v1:local:key=a:not base64!", "not base64")]
    [InlineData("stratus:something", "not of the form")]
    public async Task DecryptAsync_MalformedEnvelope_SaysWhatIsWrong(string value, string expected)
    {
        var variables = new Dictionary<string, string> { ["JWT_SECRET"] = value };

        var error = await Assert.ThrowsAsync<FunctionConfigurationException>(
            () => SecretDecryptor.DecryptAsync(variables, _clock, CancellationToken.None));

        Assert.Contains("'JWT_SECRET'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task DecryptAsync_KmsEnvelope_CallsKmsWithContextFromTheEnvelope()
    {
        var plaintext = Convert.ToBase64String("from-kms"u8.ToArray());
        await using var kms = FakeKms.Start(_ => (200, $$"""{"Plaintext":"{{plaintext}}"}"""));
        var variables = new Dictionary<string, string>
        {
            ["JWT_SECRET"] = LocalEnvelopes.KmsEnvelope([9, 8, 7]),
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDTEST",
            ["AWS_SECRET_ACCESS_KEY"] = "secret-key",
            ["STRATUS_KMS_ENDPOINT"] = kms.Endpoint.ToString(),
        };

        var result = await SecretDecryptor.DecryptAsync(variables, _clock, CancellationToken.None);

        Assert.Equal("from-kms", result["JWT_SECRET"]);
        var body = JsonDocument.Parse(Assert.Single(kms.Requests).Body).RootElement;
        Assert.Equal("jwtSecret", body.GetProperty("EncryptionContext").GetProperty("secret").GetString());
        Assert.Equal("alias/stratus-secrets", body.GetProperty("KeyId").GetString());
    }

    [Fact]
    public async Task DecryptAsync_KmsEnvelopeWithoutCredentials_NamesTheMissingVariables()
    {
        var variables = new Dictionary<string, string>
        {
            ["JWT_SECRET"] = LocalEnvelopes.KmsEnvelope([9, 8, 7]),
            ["AWS_REGION"] = "eu-west-1",
        };

        var error = await Assert.ThrowsAsync<FunctionConfigurationException>(
            () => SecretDecryptor.DecryptAsync(variables, _clock, CancellationToken.None));

        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message);
        Assert.Contains("kms:Decrypt", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Dictionary<string, string> Variables(string envelope, byte[] key) => new()
    {
        ["JWT_SECRET"] = envelope,
        ["OTHER"] = "plain",
        ["STRATUS_LOCAL_KEY_FILE"] = LocalEnvelopes.WriteKeyFile(_folder, key),
    };

    private static string FlipLastPayloadByte(string envelope)
    {
        var split = envelope.LastIndexOf(':');
        var payload = Convert.FromBase64String(envelope[(split + 1)..]);
        payload[^1] ^= 0x01;
        return envelope[..(split + 1)] + Convert.ToBase64String(payload);
    }
}
