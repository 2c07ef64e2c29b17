namespace Stratus.Aws.Secrets;

/// <summary>
/// The service and stage secrets belong to, the bucket that holds them and the key that encrypts them; the
/// service, stage and secret name are the encryption context, so a value cannot be moved to another one.
/// </summary>
public sealed record SecretScope
{
    /// <summary>The KMS key used when <c>custom.stratus.secrets.kmsKeyId</c> is not set.</summary>
    public const string DefaultKmsKeyId = "alias/stratus-secrets";

    /// <summary>Gets the service name (<c>service:</c> in serverless.yml).</summary>
    public required string Service { get; init; }

    /// <summary>Gets the stage.</summary>
    public required string Stage { get; init; }

    /// <summary>Gets the bucket: <c>custom.stratus.secrets.bucket</c>, else <c>&lt;stage&gt;-secrets</c>.</summary>
    public required string Bucket { get; init; }

    /// <summary>Gets the KMS key id, ARN or alias (unused by the local store, which has its own key).</summary>
    public string KmsKeyId { get; init; } = DefaultKmsKeyId;

    /// <summary>The default bucket of a stage.</summary>
    public static string DefaultBucket(string stage) => $"{stage}-secrets";
}
