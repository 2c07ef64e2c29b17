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

    /// <summary>
    /// Gets, for an unzipped artifact, the folder each new process starts from: <see cref="OutputDirectory"/>
    /// while it holds what the zip holds, else a fresh unzip (a process had changed it). Null for a build's output,
    /// which no function process changes as it runs from it.
    /// </summary>
    public Func<string>? TaskFolderForNewProcess { get; init; }
}
