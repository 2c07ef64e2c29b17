using Microsoft.Extensions.DependencyInjection;
using Stratus.Functions;
using UsersService.Functions.Status;
using UsersService.Functions.Tokens;
using UsersService.Functions.Users;

namespace UsersService.Functions;

/// <summary>Registers every function of the users service and the services they share.</summary>
public static class UsersFunctions
{
    /// <summary>Name of the variable that `stratus dev` sets to the service's local state folder.</summary>
    public const string LocalStateDirectoryVariable = "STRATUS_STATE_DIR";

    /// <summary>Adds the handlers and their dependencies; tests call it too, then swap in test doubles.</summary>
    public static void Configure(FunctionAppBuilder app)
    {
        ConfigureServices(app);

        app.AddHandler<GetStatusHandler>()
            .AddHandler<CreateUserHandler>()
            .AddHandler<ListUsersHandler>()
            .AddHandler<GetUserHandler>()
            .AddHandler<UpdateUserHandler>()
            .AddHandler<DeleteUserHandler>()
            .AddHandler<CreateTokenHandler>()
            .AddHandler<GetMeHandler>();
    }

    /// <summary>
    /// Adds the services every handler may share. `stratus package` publishes each function with an entry point
    /// that calls this and registers that function's handler alone, so other handlers are trimmed away.
    /// </summary>
    public static void ConfigureServices(FunctionAppBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.Services.AddSingleton(TimeProvider.System);
        app.Services.AddSingleton<IUserStore>(_ => CreateUserStore(app.Environment));

        // JWT_SECRET arrives as an encrypted envelope; the SDK has decrypted it before this runs. Only the token
        // functions ask for it, so the others start without it.
        app.Services.AddSingleton(services => new JwtTokens(
            app.Environment.GetRequired(JwtTokens.SecretVariable),
            services.GetRequiredService<TimeProvider>()));
    }

    private static SqliteUserStore CreateUserStore(IFunctionEnvironment environment)
    {
        // Limitation: only the local SQLite store exists, so in AWS the users functions fail at cold
        // start with this message until a DynamoDB store is written.
        var stateDirectory = environment.Get(LocalStateDirectoryVariable)
            ?? throw new FunctionConfigurationException(
                $"The users store needs '{LocalStateDirectoryVariable}', which `stratus dev` and " +
                "`stratus invoke local` set; no cloud store is configured for this service yet.");

        return new SqliteUserStore(Path.Combine(stateDirectory, "users.db"));
    }
}
