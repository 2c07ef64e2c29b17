using System;
using System.Threading;
using System.Threading.Tasks;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>
/// The entry point of a functions project: <c>return await FunctionApp.RunAsync(app => { ... });</c>.
/// </summary>
public static class FunctionApp
{
    /// <summary>
    /// Builds the services once, selects the handler named by <c>_HANDLER</c>, and serves invocations from the
    /// Lambda Runtime API (<c>AWS_LAMBDA_RUNTIME_API</c>) until the process ends or the token is cancelled.
    /// A failure to configure the app or to find the handler is reported as an init error.
    /// </summary>
    /// <param name="configure">Registers services and handlers.</param>
    /// <param name="cancellationToken">Ends the loop cleanly when cancelled.</param>
    /// <returns>The process exit code: 0 when cancelled, non-zero after an init or Runtime API failure.</returns>
    public static Task<int> RunAsync(
        Action<FunctionAppBuilder> configure,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);

        return FunctionHost.RunAsync(configure, FunctionHostSettings.FromProcess(), cancellationToken);
    }
}
