using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Stratus.Aws.Secrets;

namespace Stratus.Aws;

/// <summary>
/// Creates AWS SDK clients with the standard credential order: <c>--aws-profile</c>, then the environment
/// (<c>AWS_ACCESS_KEY_ID</c>...), then <c>AWS_PROFILE</c> or the <c>default</c> profile, then the SDK's chain.
/// </summary>
public sealed class AwsClients
{
    private readonly AwsSettings _settings;
    private AWSCredentials? _credentials;

    /// <summary>Creates the factory; credentials are resolved on first use.</summary>
    public AwsClients(AwsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        _settings = settings;
    }

    /// <summary>Gets the settings the clients are made with.</summary>
    public AwsSettings Settings => _settings;

    /// <summary>Creates an S3 client (path-style addressing when an endpoint override is set).</summary>
    /// <exception cref="SecretStoreException">No credentials were found.</exception>
    public IAmazonS3 CreateS3()
    {
        var config = new AmazonS3Config
        {
            // Checksums only where S3 requires them: S3-compatible servers do not all read aws-chunked bodies.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        Configure(config, _settings.S3Endpoint);
        if (_settings.S3Endpoint is not null)
        {
            config.ForcePathStyle = true;
        }

        return new AmazonS3Client(Credentials(), config);
    }

    /// <summary>Creates a KMS client.</summary>
    /// <exception cref="SecretStoreException">No credentials were found.</exception>
    public IAmazonKeyManagementService CreateKms()
    {
        var config = new AmazonKeyManagementServiceConfig();
        Configure(config, _settings.KmsEndpoint);
        return new AmazonKeyManagementServiceClient(Credentials(), config);
    }

    /// <summary>Creates an SSM client, optionally for another region.</summary>
    /// <exception cref="SecretStoreException">No credentials were found.</exception>
    public IAmazonSimpleSystemsManagement CreateSsm(string? region = null)
    {
        var config = new AmazonSimpleSystemsManagementConfig();
        Configure(config, _settings.SsmEndpoint, region);
        return new AmazonSimpleSystemsManagementClient(Credentials(), config);
    }

    /// <summary>Resolves the credentials once, failing with a message that lists what was tried.</summary>
    /// <exception cref="SecretStoreException">No credentials were found.</exception>
    public AWSCredentials Credentials() => _credentials ??= Resolve();

    private void Configure(ClientConfig config, Uri? endpoint, string? region = null)
    {
        region ??= _settings.Region;
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            return;
        }

        config.ServiceURL = endpoint.ToString();
        config.AuthenticationRegion = region;
    }

    private AWSCredentials Resolve()
    {
        var environment = _settings.Environment;
        if (_settings.Profile is { } profile)
        {
            return FromProfile(profile) ?? throw new SecretStoreException(
                $"the AWS profile '{profile}' given with --aws-profile was not found or has no credentials",
                "check the name in ~/.aws/credentials and ~/.aws/config, or run 'aws configure --profile "
                + $"{profile}'.") { Code = SecretStoreErrorCodes.NoCredentials };
        }

        var accessKeyId = environment.GetValueOrDefault("AWS_ACCESS_KEY_ID");
        var secretKey = environment.GetValueOrDefault("AWS_SECRET_ACCESS_KEY");
        if (!string.IsNullOrEmpty(accessKeyId) && !string.IsNullOrEmpty(secretKey))
        {
            var token = environment.GetValueOrDefault("AWS_SESSION_TOKEN");
            return string.IsNullOrEmpty(token)
                ? new BasicAWSCredentials(accessKeyId, secretKey)
                : new SessionAWSCredentials(accessKeyId, secretKey, token);
        }

        var named = environment.GetValueOrDefault("AWS_PROFILE") is { Length: > 0 } p ? p : "default";
        if (FromProfile(named) is { } fromProfile)
        {
            return fromProfile;
        }

        if (_settings.UseDefaultChain && TryDefaultChain() is { } fromChain)
        {
            return fromChain;
        }

        throw new SecretStoreException(
            $"no AWS credentials were found (tried AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the profile '{named}'"
            + (_settings.UseDefaultChain ? ", SSO, container and instance credentials)" : ")"),
            "pass --aws-profile NAME, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; "
            + "for secrets on this machine only, add --local.") { Code = SecretStoreErrorCodes.NoCredentials };
    }

    private static AWSCredentials? FromProfile(string profile)
    {
        var chain = new CredentialProfileStoreChain();
        return chain.TryGetAWSCredentials(profile, out var credentials) ? credentials : null;
    }

    private static AWSCredentials? TryDefaultChain()
    {
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException)
        {
            // The chain found nothing; the caller reports every place that was tried.
            return null;
        }
    }
}
