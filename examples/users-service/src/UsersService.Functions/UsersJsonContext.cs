using System.Text.Json.Serialization;
using UsersService.Functions.Status;
using UsersService.Functions.Tokens;
using UsersService.Functions.Users;

namespace UsersService.Functions;

/// <summary>Source-generated JSON for the service's own types, so trimming and Native AOT keep working.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(IReadOnlyList<User>))]
[JsonSerializable(typeof(UserInput))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class UsersJsonContext : JsonSerializerContext;
