using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stratus.Packaging.Internal;

/// <summary>
/// When the last build of a project ran, one record per kind of build, so that the next build can tell whether a
/// source was saved while it ran.
/// </summary>
/// <remarks>
/// MSBuild skips the compile when its output is newer than every source. A file saved after the compiler read it
/// but before the build wrote its output is older than that output, so the next incremental build would keep
/// the code without the save, and `dev` would go on serving it while saying it reloaded. A source whose time
/// falls inside the last build's window asks for a full rebuild instead.
/// Limitation: builds that Stratus did not run (an IDE's, a plain `dotnet build`) leave no record.
/// </remarks>
internal static class BuildWindow
{
    // Linux stamps files from a clock that ticks every few milliseconds, so a save just after a build wrote its
    // output can carry an earlier time than the output, and MSBuild would skip it: the window's end takes a margin.
    // Its start needs none, as no compiler reads a source in a build's first milliseconds.
    private static readonly TimeSpan TimestampMargin = TimeSpan.FromMilliseconds(20);

    // What the compiler reads and MSBuild compares by time. Other files a build writes into a project's folder
    // (an OutputPath outside bin, say) would otherwise fall inside every window and make every build a full one;
    // copied files need no care, as MSBuild copies any whose time or size differs.
    private static readonly string[] CompilerInputExtensions =
        [".cs", ".csproj", ".props", ".targets", ".resx", ".editorconfig", ".globalconfig"];

    /// <summary>The moment a build starts, to record once it ends.</summary>
    /// <remarks>Real time on purpose: it is compared with the times the file system gives files.</remarks>
    public static DateTime Start() => TimeProvider.System.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Whether a file of <paramref name="closure"/> was written while the last recorded build of
    /// <paramref name="kind"/> ran.
    /// </summary>
    public static bool SourcesChangedDuringLastBuild(string stateDirectory, ProjectClosure closure, string kind)
    {
        if (Read(RecordPath(stateDirectory, closure, kind)) is not var (start, end))
        {
            return false;
        }

        var to = end + TimestampMargin;
        return CompilerInputs(closure).Any(file => File.GetLastWriteTimeUtc(file) is var written
            && written >= start && written <= to);
    }

    /// <summary>Whether a file of <paramref name="closure"/> was written since <paramref name="startedUtc"/>.</summary>
    public static bool SourcesChangedSince(ProjectClosure closure, DateTime startedUtc)
    {
        return CompilerInputs(closure).Any(file => File.GetLastWriteTimeUtc(file) >= startedUtc);
    }

    /// <summary>Records a build that began at <paramref name="startedUtc"/> and has just ended, well or not.</summary>
    /// <param name="stateDirectory">The service's .stratus folder.</param>
    /// <param name="closure">The project built and the projects it references.</param>
    /// <param name="kind">Which build (configuration, runtime): each kind has its own outputs.</param>
    /// <param name="startedUtc">When the build began (<see cref="Start"/>).</param>
    /// <param name="fullRebuildFailed">
    /// A full rebuild that failed may have stopped before cleaning anything, so the window that asked for it is
    /// kept inside the new one and the next build is full again.
    /// </param>
    public static void Record(
        string stateDirectory,
        ProjectClosure closure,
        string kind,
        DateTime startedUtc,
        bool fullRebuildFailed = false)
    {
        var path = RecordPath(stateDirectory, closure, kind);
        if (fullRebuildFailed && Read(path) is var (earlierStart, _) && earlierStart < startedUtc)
        {
            startedUtc = earlierStart;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = string.Create(
            CultureInfo.InvariantCulture, $"{startedUtc.Ticks} {Start().Ticks}\n");
        File.WriteAllText(path, text);
    }

    private static IEnumerable<string> CompilerInputs(ProjectClosure closure) =>
        InputHasher.InputFiles(closure).Where(file =>
            CompilerInputExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase));

    private static (DateTime Start, DateTime End)? Read(string path)
    {
        try
        {
            var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.TrimEntries);
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
                && start <= end && end <= DateTime.MaxValue.Ticks
                    ? (new DateTime(start, DateTimeKind.Utc), new DateTime(end, DateTimeKind.Utc))
                    : null;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string RecordPath(string stateDirectory, ProjectClosure closure, string kind)
    {
        var key = Encoding.UTF8.GetBytes(closure.Projects[0] + "\n" + kind);
        var name = Convert.ToHexStringLower(SHA256.HashData(key))[..16];
        return Path.Combine(stateDirectory, "build-windows", name);
    }
}
