using System.Diagnostics;

namespace Stratus.Local.Tests.Support;

/// <summary>Observes function processes from the outside, by pid.</summary>
internal static class Processes
{
    // PF_EXITING, include/linux/sched.h: the process has begun its exit.
    private const uint ExitingFlag = 0x4;

    public static bool IsRunning(int processId)
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
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Awaits the process's exit; fails the test if it still runs after <paramref name="limit"/>.</summary>
    public static async Task WaitUntilGoneAsync(int processId, TimeSpan limit)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(processId);
        }
        catch (ArgumentException)
        {
            return;
        }

        using (process)
        {
            using var deadline = new CancellationTokenSource(limit);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Process {processId} is still running {limit.TotalSeconds} s after it should have ended.");
            }
        }
    }

    /// <summary>
    /// Polls every 10 ms until the process is gone or a zombie (ended, and not yet reaped by whichever process
    /// adopted it), failing the test when it still runs after <paramref name="limit"/>. For processes that are no
    /// child of the test's, whose exit the runtime cannot await.
    /// </summary>
    public static async Task WaitUntilEndedAsync(int processId, TimeSpan limit)
    {
        using var deadline = new CancellationTokenSource(limit);
        while (IsLive(processId))
        {
            try
            {
                await Task.Delay(10, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Process {processId} is still running {limit.TotalSeconds} s after it should have ended.");
            }
        }
    }

    /// <summary>Whether the process exists and is no zombie (a stopped one, state T, counts as live).</summary>
    /// <remarks>/proc/PID/stat: the state is the first field after the command name, which is in parentheses.</remarks>
    public static bool IsLive(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the process is gone, a zombie, or on its way there: SIGKILL pending (kill returns before the
    /// process has run its exit) or its exit under way (PF_EXITING in /proc/PID/stat's flags).
    /// </summary>
    public static bool IsEndedOrEnding(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var flags = uint.Parse(fields[6], System.Globalization.CultureInfo.InvariantCulture);
            return fields[0] is "Z" or "X" || (flags & ExitingFlag) != 0 || KillPending(processId);
        }
        catch (IOException)
        {
            return true;
        }
    }

    // SigPnd (the thread's) and ShdPnd (the process's) are hexadecimal masks in which signal n is bit n - 1.
    private static bool KillPending(int processId)
    {
        const ulong sigkill = 1UL << 8;
        return File.ReadLines($"/proc/{processId}/status")
            .Where(line => line.StartsWith("SigPnd:", StringComparison.Ordinal)
                || line.StartsWith("ShdPnd:", StringComparison.Ordinal))
            .Any(line => (Convert.ToUInt64(line[7..].Trim(), 16) & sigkill) != 0);
    }

    /// <summary>Ends a process by hand, as a developer with `kill -9` would, and awaits its exit.</summary>
    public static async Task KillAsync(int processId)
    {
        using var process = Process.GetProcessById(processId);
        process.Kill();
        await process.WaitForExitAsync();
    }
}
