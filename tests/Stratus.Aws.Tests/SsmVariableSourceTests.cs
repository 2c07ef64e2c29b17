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
    public void ParseAddress_Empty_SaysHowToWriteIt()
    {
        var error = Assert.Throws<VariableSourceException>(() => SsmVariableSource.ParseAddress(""));

        Assert.Contains("${ssm:/path/to/parameter}", error.Fix);
    }
}
