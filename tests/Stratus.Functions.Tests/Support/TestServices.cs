using System.Collections.Concurrent;

namespace Stratus.Functions.Tests.Support;

/// <summary>A scoped dependency: one instance per DI scope, so per invocation.</summary>
public sealed class ScopedDependency : IDisposable
{
    public Guid Id { get; } = Guid.NewGuid();

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}

/// <summary>A singleton that handlers report into, so tests can see what happened inside an invocation.</summary>
public sealed class Probe
{
    private readonly ConcurrentQueue<ScopedDependency> _scopes = new();
    private readonly ConcurrentQueue<ContextSnapshot> _contexts = new();

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ScopedDependency> Scopes => _scopes.ToArray();

    public IReadOnlyList<ContextSnapshot> Contexts => _contexts.ToArray();

    public void Record(ScopedDependency scoped, ILambdaContext context)
    {
        _scopes.Enqueue(scoped);
        _contexts.Enqueue(ContextSnapshot.Of(context));
    }
}

/// <summary>The values of a context at the moment a handler ran.</summary>
public sealed record ContextSnapshot(
    string AwsRequestId,
    string FunctionName,
    string FunctionVersion,
    string InvokedFunctionArn,
    int MemoryLimitInMB,
    string LogGroupName,
    string LogStreamName,
    string? TraceId,
    string? ClientContextJson,
    string? CognitoIdentityJson,
    DateTimeOffset Deadline,
    TimeSpan RemainingTime)
{
    public static ContextSnapshot Of(ILambdaContext context) => new(
        context.AwsRequestId,
        context.FunctionName,
        context.FunctionVersion,
        context.InvokedFunctionArn,
        context.MemoryLimitInMB,
        context.LogGroupName,
        context.LogStreamName,
        context.TraceId,
        context.ClientContextJson,
        context.CognitoIdentityJson,
        context.Deadline,
        context.RemainingTime);
}

/// <summary>A service the tests never register, to make handler resolution fail.</summary>
public interface IUnregisteredService
{
}

/// <summary>A greeting store that the app registers and tests replace.</summary>
public interface IGreetingStyle
{
    string Greet(string name);
}

public sealed class PlainGreetingStyle : IGreetingStyle
{
    public string Greet(string name) => $"hello {name}";
}

public sealed class ShoutingGreetingStyle : IGreetingStyle
{
    public string Greet(string name) => $"HELLO {name.ToUpperInvariant()}";
}
