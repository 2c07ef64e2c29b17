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
                && DeleteFolder(folder) is null)
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Deletes the folder and all the function left in it; a failure is logged, not thrown.</summary>
    public static void Delete(string path, ILogger logger, string functionKey)
    {
        if (DeleteFolder(path) is { } reason)
        {
            EmulatorLog.TempDirectoryNotDeleted(logger, functionKey, path, reason);
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

    /// <summary>Deletes a folder with all in it; returns why it could not, or null once it is gone.</summary>
    private static string? DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted already (the function removed its own temp folder): nothing is left to clean.
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A folder made unwritable, another user's, or a file a leftover child process is still writing.
            return exception.Message;
        }
    }
}
