using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Stratus.Local.Internal;

/// <summary>
/// The temp folder of one execution environment, Lambda's <c>/tmp</c>: "temporary and unique to each execution
/// environment" (configuration-ephemeral-storage.html). The process gets it as <c>TMPDIR</c>, which .NET's
/// Path.GetTempPath, Python's tempfile, Go's os.TempDir and most other runtimes read.
/// </summary>
/// <remarks>
/// Limitation: without a container there is no private <c>/tmp</c>. Code that writes to the literal path
/// <c>/tmp</c> (rather than asking its runtime for the temp folder) still writes to the machine's, shared by
/// every function process and the developer's own programs, and what it leaves there outlives the instance.
/// An emulator killed outright (SIGKILL) leaves its instances' folders behind; the folder names carry the
/// emulator's process id, so the next local cloud to start deletes those whose emulator is gone.
/// The folder sits in the system temp folder, not beside the service's <c>.stratus/run</c> task folders: a
/// Unix socket path may be at most 107 bytes, and .NET creates its diagnostics socket in <c>TMPDIR</c>, so a
/// path under a deep service folder would break it (and with it dotnet-trace and dotnet-counters).
/// </remarks>
internal static class InstanceTempDirectory
{
    private const string Prefix = "stratus-";

    /// <summary>
    /// Creates a new, empty folder only this user may enter, named after this emulator's process and the function.
    /// </summary>
    public static string Create(string functionKey) =>
        Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-{functionKey}-").FullName;

    /// <summary>Deletes the folders of emulators that ended without cleaning up (killed outright).</summary>
    /// <returns>How many folders were deleted.</returns>
    /// <remarks>
    /// A folder whose emulator still runs, or whose process id a new process has taken, is left alone: deleting
    /// a live instance's /tmp would break it, and keeping a dead one only costs disk.
    /// </remarks>
    public static int DeleteOrphans()
    {
        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            if (EmulatorProcessId(Path.GetFileName(folder)) is { } processId
                && !IsRunning(processId)
                && TryDelete(folder))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Deletes the folder and all the function left in it; a failure is logged, not thrown.</summary>
    public static void Delete(string path, ILogger logger, string functionKey)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The function deleted its own temp folder: nothing is left to clean.
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A folder the function made unwritable, or a file a leftover child process is still writing.
            EmulatorLog.TempDirectoryNotDeleted(logger, functionKey, path, exception.Message);
            return;
        }

        EmulatorLog.TempDirectoryDeleted(logger, functionKey, path);
    }

    // "stratus-<pid>-<key>-<random>": the process id, or null for a folder this scheme did not name.
    private static int? EmulatorProcessId(string name)
    {
        var rest = name.AsSpan(Prefix.Length);
        var dash = rest.IndexOf('-');
        return dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Another user's folder, or one still being written: it is not this cleanup's to force.
            return false;
        }
    }
}
