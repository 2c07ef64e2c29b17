using Stratus.Functions;
using UsersService.Functions.Users;

namespace UsersService.Functions.Tokens;

/// <summary>GET /me: the user named by the bearer token; 401 for a missing, malformed, forged or expired one.</summary>
public sealed class GetMeHandler(IUserStore users, JwtTokens tokens) : HttpApiHandler
{
    /// <inheritdoc />
    protected override async Task<HttpApiResponse> HandleAsync(
        HttpApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var authorization = input.Header("authorization");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized("Send 'Authorization: Bearer <token>' with a token from POST /tokens.");
        }

        var check = tokens.Check(authorization["Bearer ".Length..].Trim(), out var userId);
        if (check != TokenCheck.Valid)
        {
            return Unauthorized(check == TokenCheck.Expired
                ? "The token has expired; get a new one from POST /tokens."
                : "The token is not valid; get one from POST /tokens.");
        }

        var user = await users.GetAsync(userId, cancellationToken);
        return user is null
            ? NotFound($"The token's user '{userId}' no longer exists.")
            : Ok(user, UsersJsonContext.Default.User);
    }
}
