using Stratus.Packaging.Internal;

namespace Stratus.Packaging;

/// <summary>What each function of a service runs after a build.</summary>
/// <remarks>
/// A build holds the folders its functions run from, so that no later build or other session removes them while
/// a process of it may still load a file there; <see cref="Retire"/> removes them once its processes are gone.
/// </remarks>
public sealed record ServiceBuild(IReadOnlyDictionary<string, FunctionBuild> ByFunctionKey, string Kind) : IDisposable
{
    /// <summary>The holds on the folders this build's functions run from.</summary>
    internal IReadOnlyList<IFolderHold> Leases { get; init; } = [];

    /// <summary>The functions of this build and of <paramref name="other"/>, holding the folders of both.</summary>
    public ServiceBuild CombinedWith(ServiceBuild other, string kind)
    {
        ArgumentNullException.ThrowIfNull(other);

        var merged = ByFunctionKey.Concat(other.ByFunctionKey)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return new ServiceBuild(merged, kind) { Leases = [.. Leases, .. other.Leases] };
    }

    /// <summary>
    /// Lets this build's folders go, leaving them on disk: the current build when a session ends stays for a look
    /// (and an unzipped artifact for the next session to reuse) until the next build removes it.
    /// </summary>
    public void Dispose()
    {
        foreach (var lease in Leases)
        {
            lease.Dispose();
        }
    }

    /// <summary>Removes this build's folders no other build or session holds, once its processes are gone.</summary>
    public void Retire()
    {
        foreach (var lease in Leases)
        {
            lease.Retire();
        }
    }

    /// <summary>Describes the build kind for the console, e.g. "managed Debug build".</summary>
    public override string ToString() => Kind;
}
