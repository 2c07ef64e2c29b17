using Microsoft.Extensions.DependencyInjection;
using Stratus.Functions.Testing;

namespace UsersService.Functions.Tests;

/// <summary>Runs the service's real registrations with the store replaced by an in-memory double.</summary>
internal static class UsersHost
{
    public static FunctionTestHost Create(InMemoryUserStore store) => FunctionTestHost.Create(
        UsersFunctions.Configure,
        services => services.AddSingleton<Users.IUserStore>(store),
        new Dictionary<string, string> { ["SERVICE_VERSION"] = "2.5.0" });
}
