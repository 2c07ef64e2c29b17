namespace UsersService.Functions.Users;

/// <summary>A user's fields after validation: both present, trimmed and well-formed.</summary>
public sealed record ValidUser(string Name, string Email);
