using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Stratus.Functions.Internal;

/// <summary>
/// Runs one invocation in its own DI scope: resolve the handler, invoke it, dispose the scope.
/// </summary>
internal sealed class HandlerInvoker
{
    private readonly IServiceProvider _services;

    public HandlerInvoker(IServiceProvider services, string handlerName)
    {
        _services = services;
        HandlerName = handlerName;
    }

    public string HandlerName { get; }

    public async Task<ReadOnlyMemory<byte>> InvokeAsync(
        ReadOnlyMemory<byte> payload,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredKeyedService<IFunctionHandler>(HandlerName);
        return await handler.InvokeAsync(payload, context, cancellationToken);
    }

    /// <summary>
    /// Resolves the handler once, so a missing dependency is an init error rather than a failed invocation.
    /// </summary>
    public async Task ValidateAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredKeyedService<IFunctionHandler>(HandlerName);
    }
}
