using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Stratus.Local.Internal;

/// <summary>
/// Processes a function process started and left behind when it ended: a daemon it forked, a child that called
/// setsid, anything its own tree walk no longer reaches once its parent is gone. Lambda ends the whole execution
/// environment with its runtime, so the emulator ends these too.
/// </summary>
/// <remarks>
/// An orphan is re-parented to init and keeps no trace of the process that started it, except the environment it
/// inherited: the instance's own Runtime API address and TMPDIR, which together name one instance. A leftover that
/// replaced its environment (env -i) is not found. Linux only: elsewhere there is no /proc to read.
/// </remarks>
internal static class LeftoverProcesses
{
    /// <summary>Ends every process whose environment holds all of <paramref name="markers"/>; says how many.</summary>
    public static int End(IReadOnlyList<string> markers)
    {
        if (!OperatingSystem.IsLinux() || markers.Count == 0)
        {
            return 0;
        }

        var wanted = markers.Select(marker => Encoding.UTF8.GetBytes(marker)).ToArray();
        var ended = 0;
        foreach (var processId in OtherProcessIds())
        {
            if (Inherited(processId, wanted) && TryEnd(processId))
            {
                ended++;
            }
        }

        return ended;
    }

    private static IEnumerable<int> OtherProcessIds()
    {
        IEnumerable<string> folders;
        try
        {
            folders = Directory.EnumerateDirectories("/proc");
        }
        catch (IOException)
        {
            yield break;
        }

        foreach (var folder in folders)
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && id != Environment.ProcessId)
            {
                yield return id;
            }
        }
    }

    /// <summary>Whether the process's environment (NUL-separated NAME=value entries) holds every marker.</summary>
    private static bool Inherited(int processId, byte[][] markers)
    {
        byte[] environment;
        try
        {
            environment = File.ReadAllBytes($"/proc/{processId}/environ");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or another user's process: not one a function of ours started.
            return false;
        }

        return markers.All(marker => HasEntry(environment, marker));
    }

    private static bool HasEntry(ReadOnlySpan<byte> environment, ReadOnlySpan<byte> entry)
    {
        foreach (var range in environment.Split((byte)0))
        {
            if (environment[range].SequenceEqual(entry))
            {
                return true;
            }
        }

        return false;
    }

    // SIGKILL to this one process only: its own children inherited the same environment, so the scan finds them
    // too. A tree kill stops every process of the tree before it kills them, and an emulator that exits in
    // between would leave them stopped for good.
    private static bool TryEnd(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            process.Kill();
            return true;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException
            or System.ComponentModel.Win32Exception)
        {
            // It ended between the scan and the signal.
            return false;
        }
    }
}
