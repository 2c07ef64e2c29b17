namespace UsersService.Functions.Users;

/// <summary>A stored user.</summary>
public sealed record User(string Id, string Name, string Email);
