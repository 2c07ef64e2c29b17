using System.Collections.Generic;

namespace Stratus.Functions.Internal.Secrets;

/// <summary>AWS credentials as Lambda gives them to a function: in its environment variables.</summary>
internal sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string SessionTokenVariable = "AWS_SESSION_TOKEN";

    /// <summary>Reads the credentials from the variables, or returns null when they are not all there.</summary>
    // Limitation: only environment credentials are read (what Lambda sets); profiles, SSO and instance metadata
    // are not, so outside Lambda the caller must export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
    // Tracked in #6.
    public static AwsCredentials? FromVariables(IReadOnlyDictionary<string, string> variables)
    {
        var accessKeyId = variables.GetValueOrDefault(AccessKeyIdVariable);
        var secretAccessKey = variables.GetValueOrDefault(SecretAccessKeyVariable);
        if (string.IsNullOrEmpty(accessKeyId) || string.IsNullOrEmpty(secretAccessKey))
        {
            return null;
        }

        var sessionToken = variables.GetValueOrDefault(SessionTokenVariable);
        var token = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
        return new AwsCredentials(accessKeyId, secretAccessKey, token);
    }

    /// <summary>Never prints the secret key or the session token.</summary>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
