namespace Stratus.Packaging;

/// <summary>How a function's artifact is produced.</summary>
public enum PackageBuildKind
{
    /// <summary>A Native AOT `bootstrap` for the provided.al2023 / provided.al2 custom runtimes.</summary>
    NativeAot,

    /// <summary>A framework-dependent publish for the managed dotnet runtime's executable-assembly mode.</summary>
    Managed,

    /// <summary>A self-contained, trimmed managed publish (for comparison in benchmarks).</summary>
    ManagedTrimmed,

    /// <summary>A zip named by <c>package.artifact</c>, taken as it is.</summary>
    Prebuilt,
}
