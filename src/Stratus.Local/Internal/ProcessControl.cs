using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Stratus.Local.Internal;

/// <summary>
/// Starting function processes so they do not crowd out the emulator; ending and awaiting them without letting a
/// race with their own exit throw.
/// </summary>
internal static partial class ProcessControl
{
    // Linux's scheduling policies (sched.h).
    private const int SchedOther = 0;
    private const int SchedBatch = 3;

    // Thread id 0 names the calling thread.
    private const int CallingThread = 0;

    private static readonly Lock StartGate = new();

    /// <summary>Starts a function process; on Linux under the SCHED_BATCH policy, which its children inherit.</summary>
    /// <remarks>
    /// A function process sleeps until the emulator writes to it (its next event, the 202 to its answer), and a
    /// normal task that wakes preempts the thread that woke it. That thread still had the rest of the request
    /// to write, and other requests waiting behind it. A batch task keeps its fair share of the CPU but never
    /// preempts on waking: it runs once the emulator's thread blocks, or at the next tick. With wrk on 2 cores
    /// (bench/local) the emulator's involuntary context switches fell from 1.1 to 0.7 per request, requests/s
    /// rose by 7 to 12% and p99 went from 2.7 to 2.0-2.3 ms. A forked child takes the policy of the thread that
    /// forks it, so that thread holds the policy for the moment of the start: set on the child afterwards, it
    /// would race with the threads its runtime starts. Elsewhere than Linux, or where the call is refused (a
    /// seccomp profile), processes start as normal tasks.
    /// </remarks>
    public static Process? Start(ProcessStartInfo startInfo)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Process.Start(startInfo);
        }

        // One start at a time: another start's put-back would turn this thread normal before it forks.
        lock (StartGate)
        {
            if (!TrySetPolicy(CallingThread, from: SchedOther, to: SchedBatch))
            {
                return Process.Start(startInfo);
            }

            try
            {
                return Process.Start(startInfo);
            }
            finally
            {
                TrySetPolicy(CallingThread, from: SchedBatch, to: SchedOther);
                RestoreThreadsStartedMeanwhile();
            }
        }
    }

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

    /// <summary>
    /// Puts back to normal the emulator's threads that took the batch policy from the starting thread: the first
    /// start creates .NET's signal-handling thread there.
    /// </summary>
    private static void RestoreThreadsStartedMeanwhile()
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (int.TryParse(Path.GetFileName(task), CultureInfo.InvariantCulture, out var threadId))
                {
                    TrySetPolicy(threadId, from: SchedBatch, to: SchedOther);
                }
            }
        }
        catch (IOException)
        {
            // No /proc to list: a thread left batch only yields to others when woken.
        }
    }

    /// <summary>Moves a thread from one policy to another; a thread in any other policy is left alone.</summary>
    private static bool TrySetPolicy(int threadId, int from, int to)
    {
        // Fair policies take priority 0.
        var noPriority = 0;
        return GetScheduler(threadId) == from && SetScheduler(threadId, to, ref noPriority) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_getscheduler", SetLastError = true)]
    private static partial int GetScheduler(int threadId);

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int threadId, int policy, ref int priority);
}
