namespace Stratus.Packaging;

/// <summary>What each function of a service runs after a build.</summary>
public sealed record ServiceBuild(IReadOnlyDictionary<string, FunctionBuild> ByFunctionKey, string Kind)
{
    /// <summary>Describes the build kind for the console, e.g. "managed Debug build".</summary>
    public override string ToString() => Kind;
}
