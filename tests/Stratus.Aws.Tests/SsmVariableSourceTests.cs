using Stratus.Aws.Variables;
using Stratus.Service;

namespace Stratus.Aws.Tests;

public sealed class SsmVariableSourceTests
{
    [Theory]
    [InlineData("/app/key", "/app/key", false)]
    [InlineData("/app/key~true", "/app/key", true)]
    [InlineData("/app/key~false", "/app/key", false)]
    public void ParseAddress_Suffix_SelectsDecryption(string address, string name, bool decrypt)
    {
        var parsed = SsmVariableSource.ParseAddress(address);

        Assert.Equal((name, decrypt), parsed);
    }

    [Fact]
    public async Task ResolveAsync_DecryptionNotAllowed_RefusesTildeTrueWithoutCallingSsm()
    {
        var clientsMade = 0;
        var source = new SsmVariableSource(_ =>
        {
            clientsMade++;
            throw new InvalidOperationException("SSM must not be called for a refused reference.");
        })
        {
            AllowDecryption = false,
        };
        var request = new VariableSourceRequest(
            "ssm", [], "/app/dbPassword~true", "qa", "us-east-1", new SourceSpan("serverless.yml", 9, 20, 29));

        var error = await Assert.ThrowsAsync<VariableSourceException>(
            () => source.ResolveAsync(request, CancellationToken.None).AsTask());

        Assert.Equal(0, clientsMade);
        Assert.Contains("decrypted SecureString '/app/dbPassword' in plain text", error.Message);
        Assert.Contains("stratus secrets set NAME --stage qa", error.Fix);
    }

    [Fact]
    public void ParseAddress_Empty_SaysHowToWriteIt()
    {
        var error = Assert.Throws<VariableSourceException>(() => SsmVariableSource.ParseAddress(""));

        Assert.Contains("${ssm:/path/to/parameter}", error.Fix);
    }
}
