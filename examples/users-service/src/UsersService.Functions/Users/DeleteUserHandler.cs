using Stratus.Functions;

namespace UsersService.Functions.Users;

/// <summary>DELETE /users/{id}: removes a user; 204 when done, 404 when there was none.</summary>
public sealed class DeleteUserHandler(IUserStore users) : HttpApiHandler
{
    /// <inheritdoc />
    protected override async Task<HttpApiResponse> HandleAsync(
        HttpApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var id = input.PathParameter("id");

        var removed = await users.DeleteAsync(id, cancellationToken);
        return removed ? NoContent() : NotFound($"No user has the id '{id}'.");
    }
}
