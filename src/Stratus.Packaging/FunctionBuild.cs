namespace Stratus.Packaging;

/// <summary>The built output of one functions project, copied where running functions can use it.</summary>
/// <param name="AssemblyName">The assembly the project builds.</param>
/// <param name="ProjectPath">The project file that was built.</param>
/// <param name="OutputDirectory">This build's own copy of the output (or unzip); later builds never change it.</param>
/// <param name="EntryAssemblyPath">The entry assembly inside <paramref name="OutputDirectory"/>.</param>
public sealed record FunctionBuild(
    string AssemblyName,
    string ProjectPath,
    string OutputDirectory,
    string EntryAssemblyPath)
{
    /// <summary>
    /// Gets the native executable that starts the function with no arguments (a packaged Native AOT `bootstrap`);
    /// null when the function runs as `dotnet EntryAssemblyPath`.
    /// </summary>
    public string? NativeExecutablePath { get; init; }
}
