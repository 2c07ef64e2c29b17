namespace Stratus.Packaging;

/// <summary>What <see cref="ServicePackager.PackageAsync"/> wrote.</summary>
/// <param name="OutputDirectory">The package folder.</param>
/// <param name="ManifestPath">The manifest.json inside it.</param>
/// <param name="Functions">One entry per function, in serverless.yml order.</param>
/// <param name="Warnings">Trim and AOT warnings, each naming its function.</param>
public sealed record PackageResult(
    string OutputDirectory,
    string ManifestPath,
    IReadOnlyList<FunctionPackage> Functions,
    IReadOnlyList<string> Warnings);
