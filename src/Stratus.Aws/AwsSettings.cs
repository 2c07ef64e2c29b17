namespace Stratus.Aws;

/// <summary>How to reach AWS: profile, region, endpoint overrides, and the environment credentials come from.</summary>
public sealed record AwsSettings
{
    /// <summary>The S3 endpoint override variable, for S3-compatible servers.</summary>
    public const string S3EndpointVariable = "STRATUS_S3_ENDPOINT";

    /// <summary>The KMS endpoint override variable, for KMS-compatible servers.</summary>
    public const string KmsEndpointVariable = "STRATUS_KMS_ENDPOINT";

    /// <summary>The SSM endpoint override variable, for SSM-compatible servers.</summary>
    public const string SsmEndpointVariable = "STRATUS_SSM_ENDPOINT";

    /// <summary>Gets the named profile (<c>--aws-profile</c>), or null for the standard chain.</summary>
    public string? Profile { get; init; }

    /// <summary>Gets the region.</summary>
    public required string Region { get; init; }

    /// <summary>Gets the S3 endpoint (<c>--s3-endpoint</c> or <c>STRATUS_S3_ENDPOINT</c>), or null for AWS.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>Gets the KMS endpoint (<c>--kms-endpoint</c>, <c>STRATUS_KMS_ENDPOINT</c>), or null for AWS.</summary>
    public Uri? KmsEndpoint { get; init; }

    /// <summary>Gets the SSM endpoint (<c>STRATUS_SSM_ENDPOINT</c>), or null for AWS.</summary>
    public Uri? SsmEndpoint { get; init; }

    /// <summary>Gets the environment credentials are read from (the process environment in the CLI).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Gets whether the SDK's default chain may be asked last (SSO, container and instance credentials); tests
    /// turn it off so nothing reaches for an instance metadata address.
    /// </summary>
    public bool UseDefaultChain { get; init; } = true;
}
