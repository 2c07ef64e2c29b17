using System.Text.RegularExpressions;

namespace Stratus.Packaging.Internal;

/// <summary>
/// The error lines of a `dotnet build` or `dotnet publish`, in the file:line:col form every other Stratus error
/// uses (and editors and terminals link), instead of MSBuild's file(line,col) with the project appended.
/// </summary>
internal static partial class CompilerErrors
{
    /// <summary>Each distinct error line of <paramref name="lines"/>, located as file:line:col.</summary>
    public static List<string> Of(IEnumerable<string> lines) =>
        [.. lines.Where(line => line.Contains(": error ", StringComparison.Ordinal)).Select(Located).Distinct()];

    /// <summary>
    /// '/src/A.cs(2,63): error CS1002: ; expected [/src/A.csproj]' as '/src/A.cs:2:63: error CS1002: ; expected';
    /// a line without a source location only loses the project.
    /// </summary>
    internal static string Located(string line)
    {
        var withoutProject = ProjectSuffix().Replace(line, "");
        var match = MsBuildLocation().Match(withoutProject);
        return match.Success
            ? $"{match.Groups["file"].Value}:{match.Groups["line"].Value}:{match.Groups["column"].Value}: " +
              match.Groups["rest"].Value
            : withoutProject;
    }

    // MSBuild appends the project (and, in a multi-targeted build, '::TargetFramework=...') in brackets.
    [GeneratedRegex(@"\s\[[^\[\]]+proj(::[^\]]*)?\]$")]
    private static partial Regex ProjectSuffix();

    // A range is written (line,col,endLine,endCol); the start is what an editor jumps to.
    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),(?<column>\d+)(,\d+,\d+)?\): (?<rest>.+)$")]
    private static partial Regex MsBuildLocation();
}
