using Stratus.Aws;

namespace Stratus.Cli.Tests;

/// <summary>Where the CLI's AWS clients send requests: endpoint variables as Stratus and the AWS SDKs name them.</summary>
public sealed class AwsSettingsTests
{
    [Fact]
    public void AwsSettingsFor_StandardEndpointVariables_AreReadFromTheGivenEnvironment()
    {
        // The environment holds a service's .env values too, which the SDK's own reading would never see.
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_SSM"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4567",
        };

        var settings = SecretSources.AwsSettingsFor(environment, region: null);

        Assert.Equal(new Uri("http://127.0.0.1:4566"), settings.SsmEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4567"), settings.S3Endpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4567"), settings.KmsEndpoint);
    }

    [Fact]
    public void AwsSettingsFor_StratusVariableAndOption_WinOverTheStandardOnes()
    {
        var environment = new Dictionary<string, string>
        {
            [AwsSettings.SsmEndpointVariable] = "http://127.0.0.1:5000",
            ["AWS_ENDPOINT_URL_SSM"] = "http://127.0.0.1:4566",
            ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:4566",
        };

        var settings = SecretSources.AwsSettingsFor(environment, region: null, s3Endpoint: "http://127.0.0.1:6000");

        Assert.Equal(new Uri("http://127.0.0.1:5000"), settings.SsmEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:6000"), settings.S3Endpoint);
        Assert.Null(settings.KmsEndpoint);
    }
}
