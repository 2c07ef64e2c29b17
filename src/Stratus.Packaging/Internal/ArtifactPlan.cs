using Stratus.Service;

namespace Stratus.Packaging.Internal;

/// <summary>One artifact to produce: a function's own zip, or the zip several functions share.</summary>
internal sealed record ArtifactPlan
{
    public required string Name { get; init; }

    public required IReadOnlyList<FunctionDefinition> Functions { get; init; }

    public required string Runtime { get; init; }

    public required string Architecture { get; init; }

    /// <summary>Where the architecture is set (the function, else provider), or the function itself.</summary>
    public SourceSpan ArchitectureAt { get; init; }

    public required PackageBuildKind Kind { get; init; }

    public required IReadOnlyList<PackagePattern> Patterns { get; init; }

    /// <summary>The project to publish; null for a prebuilt artifact.</summary>
    public FunctionProject? Project { get; init; }

    /// <summary>The one handler the artifact is trimmed to; null when it holds every handler of the project.</summary>
    public HandlerReference? TrimmedTo { get; init; }

    /// <summary>The target framework to publish for the managed runtime; null for the project's own.</summary>
    public string? TargetFramework { get; init; }

    public string? PrebuiltPath { get; init; }

    public string RuntimeIdentifier => Architecture == "arm64" ? "linux-arm64" : "linux-x64";

    /// <summary>Whether the build links against <see cref="Al2Toolchain"/>: Native AOT for Amazon Linux 2.</summary>
    public bool LinksAgainstAl2Toolchain => Kind == PackageBuildKind.NativeAot && Runtime == "provided.al2";

    /// <summary>
    /// The file that starts the function: the AOT bootstrap, the self-contained app's own executable, or the
    /// entry assembly the managed runtime loads.
    /// </summary>
    public string Executable => Kind switch
    {
        PackageBuildKind.NativeAot => "bootstrap",
        // Limitation: a prebuilt zip for the managed runtime does not say which assembly it starts, so
        // `--packaged` runs only prebuilt custom-runtime zips (their bootstrap).
        PackageBuildKind.Prebuilt => Runtime.StartsWith("provided", StringComparison.Ordinal) ? "bootstrap" : "",
        PackageBuildKind.ManagedTrimmed => Project!.AssemblyName,
        _ => Project!.AssemblyName + ".dll",
    };
}
