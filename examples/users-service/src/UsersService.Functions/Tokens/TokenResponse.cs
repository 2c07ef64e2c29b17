namespace UsersService.Functions.Tokens;

/// <summary>The answer of POST /tokens: a bearer token for GET /me.</summary>
public sealed record TokenResponse(string Token);
