using Stratus.Functions;

namespace UsersService.Functions.Users;

/// <summary>POST /users: validates the body and stores a new user.</summary>
public sealed class CreateUserHandler(IUserStore users) : HttpApiHandler
{
    /// <inheritdoc />
    protected override async Task<HttpApiResponse> HandleAsync(
        HttpApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var body = input.ReadJson(UsersJsonContext.Default.UserInput);
        if (!UserValidator.TryValidate(body, out var user, out var errors))
        {
            return BadRequest("The user is not valid.", errors);
        }

        var created = await users.CreateAsync(user, cancellationToken);
        return Created($"/users/{created.Id}", created, UsersJsonContext.Default.User);
    }
}
