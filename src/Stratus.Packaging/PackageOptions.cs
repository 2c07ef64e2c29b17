namespace Stratus.Packaging;

/// <summary>Settings of one <see cref="ServicePackager.PackageAsync"/> run.</summary>
public sealed record PackageOptions
{
    /// <summary>Gets the package folder; defaults to `.stratus/package` beside serverless.yml.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Gets a value indicating whether every artifact is rebuilt, changed or not.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Gets a build kind that replaces the one each function's runtime selects (benchmarks compare them);
    /// null packages every function as its runtime needs.
    /// </summary>
    public PackageBuildKind? BuildKindOverride { get; init; }

    /// <summary>
    /// Gets a value indicating whether the package is for a local run (`dev --packaged`, `invoke local`), not a
    /// deployment: a function environment over Lambda's 4 KB is then the caller's warning, not an error.
    /// </summary>
    public bool ForLocalRun { get; init; }

    /// <summary>Gets a callback for progress lines ("building 'status'", "reused 'getUser'").</summary>
    public Action<string>? Progress { get; init; }
}
