using System;
using System.Threading;
using System.Threading.Tasks;

namespace Stratus.Functions;

/// <summary>
/// A Lambda handler at the level the Runtime API sees it: event bytes in, response bytes out.
/// </summary>
public interface IFunctionHandler
{
    /// <summary>
    /// Handles one invocation and returns the response payload Lambda hands back to the caller.
    /// </summary>
    /// <param name="payload">The raw event JSON from the Runtime API.</param>
    /// <param name="context">The invocation's context.</param>
    /// <param name="cancellationToken">Cancelled shortly before the invocation's deadline.</param>
    Task<ReadOnlyMemory<byte>> InvokeAsync(
        ReadOnlyMemory<byte> payload,
        ILambdaContext context,
        CancellationToken cancellationToken);
}
