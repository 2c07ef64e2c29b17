using System.Diagnostics;

namespace Stratus.Local.Tests.Support;

/// <summary>Observes function processes from the outside, by pid.</summary>
internal static class Processes
{
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

    /// <summary>Ends a process by hand, as a developer with `kill -9` would, and awaits its exit.</summary>
    public static async Task KillAsync(int processId)
    {
        using var process = Process.GetProcessById(processId);
        process.Kill();
        await process.WaitForExitAsync();
    }
}
