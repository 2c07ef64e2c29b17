using Stratus.Functions;

namespace UsersService.Functions.Users;

/// <summary>PUT /users/{id}: replaces a user's name and email.</summary>
public sealed class UpdateUserHandler(IUserStore users) : HttpApiHandler
{
    /// <inheritdoc />
    protected override async Task<HttpApiResponse> HandleAsync(
        HttpApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var id = input.PathParameter("id");
        var body = input.ReadJson(UsersJsonContext.Default.UserInput);
        if (!UserValidator.TryValidate(body, out var user, out var errors))
        {
            return BadRequest("The user is not valid.", errors);
        }

        var updated = await users.UpdateAsync(id, user, cancellationToken);
        return updated is null
            ? NotFound($"No user has the id '{id}'.")
            : Ok(updated, UsersJsonContext.Default.User);
    }
}
