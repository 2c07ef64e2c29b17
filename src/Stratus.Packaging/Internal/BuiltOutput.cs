namespace Stratus.Packaging.Internal;

/// <summary>What `dotnet build` reported of the project it built.</summary>
/// <param name="TargetPath">The assembly built, in its output folder.</param>
/// <param name="TargetFrameworks">The project's TargetFrameworks, empty when it has one TargetFramework.</param>
/// <param name="OutputType">Exe, WinExe or Library.</param>
/// <param name="GenerateRuntimeConfigurationFiles">The property as MSBuild evaluated it.</param>
internal sealed record BuiltOutput(
    string TargetPath, string TargetFrameworks, string OutputType, string GenerateRuntimeConfigurationFiles)
{
    /// <summary>
    /// The files the build's items named as it ended (sources, resources, analyzer configs, references, content):
    /// those added by targets and through properties included, which no reading of the project files can list.
    /// </summary>
    public IReadOnlyList<string> ItemFiles { get; init; } = [];
}
