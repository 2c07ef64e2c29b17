using System.ComponentModel;
using System.Diagnostics;

namespace Stratus.Local.Internal;

/// <summary>Ending and awaiting function processes without letting a race with their own exit throw.</summary>
internal static class ProcessControl
{
    public static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited (or never started): nothing left to end.
        }
        catch (Win32Exception)
        {
            // The process ended between the check and the signal.
        }
    }

    public static async Task WaitForExitAsync(Process process, TimeSpan limit)
    {
        // Real time on purpose: this bounds a wait on the OS, which a test's fake clock would never end.
        using var deadline = new CancellationTokenSource(limit, TimeProvider.System);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Reported by the caller's count; a process that ignores SIGKILL is beyond our reach.
        }
        catch (InvalidOperationException)
        {
            // The process object was never associated with a started process.
        }
    }
}
