namespace UsersService.Functions.Tokens;

/// <summary>The body of POST /tokens.</summary>
public sealed record TokenRequest(string? UserId);
