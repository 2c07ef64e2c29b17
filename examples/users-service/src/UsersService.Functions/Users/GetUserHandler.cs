using Stratus.Functions;

namespace UsersService.Functions.Users;

/// <summary>GET /users/{id}: one user, or 404.</summary>
public sealed class GetUserHandler(IUserStore users) : HttpApiHandler
{
    /// <inheritdoc />
    protected override async Task<HttpApiResponse> HandleAsync(
        HttpApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var id = input.PathParameter("id");

        var user = await users.GetAsync(id, cancellationToken);
        return user is null
            ? NotFound($"No user has the id '{id}'.")
            : Ok(user, UsersJsonContext.Default.User);
    }
}
