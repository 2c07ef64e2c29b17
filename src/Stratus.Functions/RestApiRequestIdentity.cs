namespace Stratus.Functions;

/// <summary>The requestContext.identity block of a REST API proxy request.</summary>
// The getters fall back to the defaults: System.Text.Json's source generator sets a property an event leaves
// out (a hand-written event for `invoke local`, say) to null, over its initializer.
public sealed record RestApiRequestIdentity
{
    /// <summary>Gets the caller's IP address.</summary>
    public string SourceIp { get => field ?? ""; init; } = "";

    /// <summary>Gets the caller's User-Agent header.</summary>
    public string UserAgent { get => field ?? ""; init; } = "";

    /// <summary>Gets the API key used, when the method requires one.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Gets the ARN of the IAM user that signed the request, for IAM-authorized methods.</summary>
    public string? UserArn { get; init; }

    /// <summary>Gets the Cognito identity id, for Cognito-authorized methods.</summary>
    public string? CognitoIdentityId { get; init; }
}
