using Stratus.Functions;
using UsersService.Functions.Users;

namespace UsersService.Functions.Tokens;

/// <summary>POST /tokens: an HS256 JWT, valid for an hour, for an existing user.</summary>
public sealed class CreateTokenHandler(IUserStore users, JwtTokens tokens) : HttpApiHandler
{
    /// <inheritdoc />
    protected override async Task<HttpApiResponse> HandleAsync(
        HttpApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var body = input.ReadJson(UsersJsonContext.Default.TokenRequest);
        if (string.IsNullOrWhiteSpace(body.UserId))
        {
            return BadRequest(
                "The token request is not valid.",
                new Dictionary<string, string[]> { ["userId"] = ["Give the id of an existing user."] });
        }

        var user = await users.GetAsync(body.UserId, cancellationToken);
        return user is null
            ? NotFound($"No user has the id '{body.UserId}'.")
            : Ok(new TokenResponse(tokens.Issue(user.Id)), UsersJsonContext.Default.TokenResponse);
    }
}
