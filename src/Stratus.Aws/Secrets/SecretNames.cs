using System.Text.RegularExpressions;

namespace Stratus.Aws.Secrets;

/// <summary>The rules for secret and bucket names, checked before anything is encrypted or written.</summary>
public static partial class SecretNames
{
    /// <summary>Throws when a secret name could not be an object key and a file name alike.</summary>
    /// <exception cref="SecretStoreException">The name is not valid.</exception>
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        // NAME=VALUE is the likeliest way to type a secret into a name: such a name is described, not repeated.
        if (name.Contains('=', StringComparison.Ordinal))
        {
            throw new SecretStoreException(
                "the secret's name holds '=' (it is not shown, as the part after '=' may be the secret itself), and "
                + "a name takes no value",
                "give only the name (e.g. jwtSecret), and the value on standard input, at the prompt, or with "
                + "--from-file.")
            {
                Code = SecretStoreErrorCodes.InvalidName,
            };
        }

        if (!SecretPattern().IsMatch(name))
        {
            throw new SecretStoreException(
                $"'{name}' is not a valid secret name",
                "use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. jwtSecret.")
            {
                Code = SecretStoreErrorCodes.InvalidName,
            };
        }
    }

    /// <summary>Throws when a bucket name is not one S3 accepts (3-63 lower-case letters, digits, '.', '-').</summary>
    /// <exception cref="SecretStoreException">The name is not valid.</exception>
    public static void ValidateBucket(string bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);

        if (!BucketPattern().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal))
        {
            throw new SecretStoreException(
                $"'{bucket}' is not a valid S3 bucket name",
                "use a stage of lower-case letters, digits and hyphens (the bucket is '<stage>-secrets'), or set "
                + "custom.stratus.secrets.bucket to 3-63 lower-case letters, digits, '.' or '-'.")
            {
                Code = SecretStoreErrorCodes.InvalidBucket,
            };
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\z")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\\z")]
    private static partial Regex BucketPattern();
}
