namespace Stratus.Packaging;

/// <summary>A functions project did not compile; carries the compiler's own error lines.</summary>
public sealed class BuildFailedException : Exception
{
    /// <summary>Creates the exception for <paramref name="projectPath"/> with the compiler's error lines.</summary>
    public BuildFailedException(string projectPath, IReadOnlyList<string> errors)
        : base($"Building '{projectPath}' failed:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
    {
        ProjectPath = projectPath;
        Errors = errors;
    }

    /// <summary>The project that failed to build.</summary>
    public string ProjectPath { get; }

    /// <summary>The error lines the compiler printed, in order.</summary>
    public IReadOnlyList<string> Errors { get; }
}
