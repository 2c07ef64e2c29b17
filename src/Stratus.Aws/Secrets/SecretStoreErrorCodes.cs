namespace Stratus.Aws.Secrets;

/// <summary>
/// The stable codes of <see cref="SecretStoreException"/>, STR43xx: the CLI prints them with exit code 2.
/// </summary>
public static class SecretStoreErrorCodes
{
    /// <summary>STR4300: a secrets operation failed in another way.</summary>
    public const string Other = "STR4300";

    /// <summary>STR4301: the stage has no secret of that name.</summary>
    public const string NotFound = "STR4301";

    /// <summary>
    /// STR4302: a stored secret cannot be decrypted (changed, or from another service, stage or name).
    /// </summary>
    public const string Undecryptable = "STR4302";

    /// <summary>STR4303: the secret name is not one S3 and the envelope allow.</summary>
    public const string InvalidName = "STR4303";

    /// <summary>STR4304: the secrets bucket name is not a valid S3 bucket name.</summary>
    public const string InvalidBucket = "STR4304";

    /// <summary>STR4305: no AWS credentials were found, or the named profile has none.</summary>
    public const string NoCredentials = "STR4305";

    /// <summary>STR4306: the stage's secrets bucket does not exist.</summary>
    public const string BucketMissing = "STR4306";

    /// <summary>STR4307: the KMS key does not exist in this account and region.</summary>
    public const string KmsKeyMissing = "STR4307";

    /// <summary>STR4308: KMS refused the call (often a missing kms:Encrypt or kms:Decrypt permission).</summary>
    public const string KmsRefused = "STR4308";

    /// <summary>STR4309: the local key file cannot be read or is not an AES-256 key.</summary>
    public const string LocalKeyFile = "STR4309";

    /// <summary>STR4310: S3 or KMS could not be reached.</summary>
    public const string AwsUnreachable = "STR4310";

    /// <summary>STR4311: S3 refused the call (often a missing s3: permission).</summary>
    public const string S3Refused = "STR4311";
}
