using Stratus.Functions;

namespace UsersService.Functions.Users;

/// <summary>GET /users: every user, oldest first.</summary>
public sealed class ListUsersHandler(IUserStore users) : HttpApiHandler
{
    /// <inheritdoc />
    protected override async Task<HttpApiResponse> HandleAsync(
        HttpApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var all = await users.ListAsync(cancellationToken);
        return Ok(all, UsersJsonContext.Default.IReadOnlyListUser);
    }
}
