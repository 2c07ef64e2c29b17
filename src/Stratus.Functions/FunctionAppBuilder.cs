using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>
/// Configures a functions project: its services and its handlers. Handlers are registered in code, so
/// trimming and Native AOT keep exactly what is used.
/// </summary>
public sealed class FunctionAppBuilder
{
    private readonly List<string> _handlerNames = [];

    internal FunctionAppBuilder(
        IFunctionEnvironment environment,
        TimeProvider timeProvider,
        ILoggerProvider loggerProvider,
        LogLevel minimumLevel)
    {
        Environment = environment;
        Services = new ServiceCollection();

        Services.AddSingleton(environment);
        Services.TryAddSingleton(timeProvider);
        Services.AddLogging(logging => logging.AddProvider(loggerProvider).SetMinimumLevel(minimumLevel));
    }

    /// <summary>Gets the services handlers can take through their constructors.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Gets the function's environment variables, for configuration decided at start-up.</summary>
    public IFunctionEnvironment Environment { get; }

    /// <summary>Gets the registered handler names (type full names), in registration order.</summary>
    public IReadOnlyList<string> HandlerNames => _handlerNames;

    /// <summary>
    /// Registers a handler, created in a new DI scope for each invocation. The handler is selected when
    /// <c>_HANDLER</c> names its full type name, as in "Assembly::Namespace.TypeName".
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <exception cref="InvalidOperationException">The handler is already registered.</exception>
    public FunctionAppBuilder AddHandler<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where THandler : class, IFunctionHandler
    {
        var name = HandlerName.Of(typeof(THandler));
        if (_handlerNames.Contains(name))
        {
            throw new InvalidOperationException(
                $"Handler '{name}' is registered twice; call AddHandler<{typeof(THandler).Name}>() once.");
        }

        _handlerNames.Add(name);
        Services.AddScoped<THandler>();
        Services.AddKeyedScoped<IFunctionHandler>(
            name,
            static (services, _) => services.GetRequiredService<THandler>());
        return this;
    }

    internal ServiceProvider Build(bool validateScopes) =>
        Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = validateScopes });
}
