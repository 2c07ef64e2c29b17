namespace Stratus.Aws.Secrets;

/// <summary>What <c>stratus secrets list</c> shows of one secret; never its value.</summary>
/// <param name="Name">The secret's name, which is also its object key in the bucket.</param>
/// <param name="LastModified">When it was last stored.</param>
/// <param name="KeyId">The key that encrypted it (a KMS key ARN or alias, or a local key id).</param>
public sealed record SecretInfo(string Name, DateTimeOffset LastModified, string KeyId);
