namespace Stratus.Packaging;

/// <summary>The packaged artifact of one function, as the manifest records it.</summary>
/// <param name="FunctionKey">The function's key under 'functions:'.</param>
/// <param name="ArtifactPath">The zip's full path.</param>
/// <param name="Sha256">The zip's SHA-256, lower-case hex.</param>
/// <param name="ZippedSize">The zip's size in bytes.</param>
/// <param name="UnzippedSize">The total size of the zip's files in bytes.</param>
/// <param name="Runtime">The Lambda runtime, such as 'provided.al2023'.</param>
/// <param name="Architecture">The Lambda architecture: 'x86_64' or 'arm64'.</param>
/// <param name="BuildKind">How the artifact was produced.</param>
/// <param name="Executable">The entry inside the zip that starts the function ('bootstrap' or the assembly).</param>
/// <param name="Reused">True when the artifact of an earlier run was kept because no input changed.</param>
public sealed record FunctionPackage(
    string FunctionKey,
    string ArtifactPath,
    string Sha256,
    long ZippedSize,
    long UnzippedSize,
    string Runtime,
    string Architecture,
    PackageBuildKind BuildKind,
    string Executable,
    bool Reused);
