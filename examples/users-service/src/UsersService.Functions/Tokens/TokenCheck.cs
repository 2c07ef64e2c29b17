namespace UsersService.Functions.Tokens;

/// <summary>The outcome of checking a bearer token.</summary>
public enum TokenCheck
{
    /// <summary>Well formed, signed with our key, not expired.</summary>
    Valid,

    /// <summary>Not three base64url parts with JSON header and claims.</summary>
    Malformed,

    /// <summary>Signed with another key or another algorithm.</summary>
    Forged,

    /// <summary>Signed with our key, but past its <c>exp</c>.</summary>
    Expired,
}
