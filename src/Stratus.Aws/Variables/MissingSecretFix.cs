using Stratus.Aws.Secrets;

namespace Stratus.Aws.Variables;

/// <summary>The fix shown when <c>${s3:bucket/key}</c> finds no object: the command that stores it.</summary>
internal static class MissingSecretFix
{
    public static string For(S3Address address, string stage, bool local)
    {
        var command = $"stratus secrets set {address.Key}{(local ? " --local" : "")} --stage {stage}";
        if (address.Bucket == SecretScope.DefaultBucket(stage))
        {
            return $"store it with '{command}'";
        }

        // `secrets set` writes to <stage>-secrets unless the service names another bucket.
        return $"store it with '{command}' after setting custom.stratus.secrets.bucket to '{address.Bucket}', "
            + $"or put the object '{address.Key}' into bucket '{address.Bucket}'";
    }
}
