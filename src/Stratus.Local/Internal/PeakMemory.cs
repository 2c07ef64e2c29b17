using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;

namespace Stratus.Local.Internal;

/// <summary>Reads a process's peak resident memory, Lambda's "Max Memory Used", cheaply enough for every REPORT.</summary>
internal static class PeakMemory
{
    private const int StatusBufferBytes = 4096;

    /// <summary>The peak resident set of <paramref name="process"/> in bytes, or null when it cannot be read.</summary>
    public static long? ReadBytes(Process process)
    {
        // Process.Refresh + PeakWorkingSet64 reads /proc/<pid>/stat and the stat file of every thread on Linux;
        // done per invocation it was the largest cost of the emulator's warm path. VmHWM is the same figure.
        if (OperatingSystem.IsLinux())
        {
            return ReadProcStatus(process.Id);
        }

        process.Refresh();
        return process.PeakWorkingSet64;
    }

    /// <summary>Finds the VmHWM line of a /proc/&lt;pid&gt;/status text and returns it in bytes.</summary>
    public static long? ParseVmHwm(ReadOnlySpan<byte> status)
    {
        var key = "VmHWM:"u8;
        var at = status.IndexOf(key);
        if (at < 0)
        {
            return null;
        }

        var value = status[(at + key.Length)..].TrimStart(" \t"u8);
        return Utf8Parser.TryParse(value, out long kilobytes, out _) ? kilobytes * 1024 : null;
    }

    private static long? ReadProcStatus(int processId)
    {
        Span<byte> buffer = stackalloc byte[StatusBufferBytes];
        int length;
        try
        {
            using var handle = File.OpenHandle(
                string.Create(CultureInfo.InvariantCulture, $"/proc/{processId}/status"),
                FileMode.Open,
                FileAccess.Read,
                FileShare.ReadWrite);
            length = RandomAccess.Read(handle, buffer, fileOffset: 0);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process is gone (its /proc entry with it): there is no figure to report.
            return null;
        }

        return ParseVmHwm(buffer[..length]);
    }
}
