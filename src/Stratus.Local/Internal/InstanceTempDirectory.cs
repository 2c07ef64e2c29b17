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
/// An emulator killed outright (SIGKILL) leaves its instances' folders behind, to the system's temp cleanup.
/// The folder sits in the system temp folder, not beside the service's <c>.stratus/run</c> task folders: a
/// Unix socket path may be at most 107 bytes, and .NET creates its diagnostics socket in <c>TMPDIR</c>, so a
/// path under a deep service folder would break it (and with it dotnet-trace and dotnet-counters).
/// </remarks>
internal static class InstanceTempDirectory
{
    /// <summary>Creates a new, empty folder only this user may enter, named after the function.</summary>
    public static string Create(string functionKey) =>
        Directory.CreateTempSubdirectory($"stratus-{functionKey}-").FullName;

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
}
