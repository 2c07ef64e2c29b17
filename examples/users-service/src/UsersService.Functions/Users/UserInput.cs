namespace UsersService.Functions.Users;

/// <summary>The body of POST /users and PUT /users/{id}; fields are nullable because clients omit them.</summary>
public sealed record UserInput(string? Name, string? Email);
