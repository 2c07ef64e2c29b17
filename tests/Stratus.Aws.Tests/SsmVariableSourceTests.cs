using Stratus.Aws.Variables;
using Stratus.Service;

namespace Stratus.Aws.Tests;

public sealed class SsmVariableSourceTests
{
    private static readonly SourceSpan At = new("serverless.yml", 9, 20, 29);

    [Theory]
    [InlineData("/app/key", "/app/key", null)]
    [InlineData("/app/key~true", "/app/key", true)]
    [InlineData("/app/key~false", "/app/key", false)]
    public void ParseAddress_FrameworkTwoSuffix_SelectsDecryption(string address, string name, bool? decrypt)
    {
        var parsed = SsmVariableSource.ParseAddress(address);

        Assert.Equal((name, decrypt), parsed);
    }

    // Framework 3's get-ssm: 'raw' and 'noDecrypt' are options wherever they are; what is left first is the region.
    [Theory]
    [InlineData("", null, false, true)]
    [InlineData("eu-west-1", "eu-west-1", false, true)]
    [InlineData("raw", null, true, true)]
    [InlineData("noDecrypt", null, false, false)]
    [InlineData("raw,eu-west-1", "eu-west-1", true, true)]
    [InlineData("eu-west-1,noDecrypt,raw", "eu-west-1", true, false)]
    public void ParseReference_Parameters_AreOptionsAndARegionInAnyOrder(
        string parameters,
        string? region,
        bool raw,
        bool decrypt)
    {
        var request = new VariableSourceRequest(
            "ssm", parameters.Split(',', StringSplitOptions.RemoveEmptyEntries), "/app/key", "dev", "us-east-1", At);

        var reference = SsmVariableSource.ParseReference(request);

        Assert.Equal(
            ("/app/key", region, raw, decrypt),
            (reference.Name, reference.Region, reference.Raw, reference.Decrypt));
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
        Assert.Contains(
            "'/app/dbPassword' is a SecureString, and its decrypted value would be plain text", error.Message);
        Assert.Contains("stratus secrets set NAME --stage qa", error.Fix);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("Raw")]
    [InlineData("eu-west-1,nodecrypt")]
    public void ParseReference_NeitherOptionNorRegion_IsRefusedNamingIt(string parameters)
    {
        var request = new VariableSourceRequest(
            "ssm", parameters.Split(','), "/app/key", "dev", "us-east-1", At);

        var error = Assert.Throws<VariableSourceException>(() => SsmVariableSource.ParseReference(request));

        Assert.Contains("neither an option ('raw', 'noDecrypt') nor a region name", error.Message);
    }

    [Fact]
    public void ParseAddress_Empty_SaysHowToWriteIt()
    {
        var error = Assert.Throws<VariableSourceException>(() => SsmVariableSource.ParseAddress(""));

        Assert.Contains("${ssm:/path/to/parameter}", error.Fix);
    }
}
