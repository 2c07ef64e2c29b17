using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Stratus.Local.Internal;

/// <summary>Reads a process's peak resident memory, Lambda's "Max Memory Used", cheaply enough for every REPORT.</summary>
/// <remarks>
/// Process.Refresh + PeakWorkingSet64 reads /proc/&lt;pid&gt;/stat and the stat file of every thread on Linux;
/// done per invocation it was the largest cost of the emulator's warm path. On Linux this reads VmHWM (the
/// same kernel figure) from /proc/&lt;pid&gt;/status through a handle kept open for the process's lifetime,
/// one pread per REPORT. The handle stays bound to that process, so a reused pid can never be read instead.
/// Limitation: only the function process itself is measured; a custom runtime's child processes (a shell
/// bootstrap running a binary) are not, where Lambda's figure covers the whole sandbox.
/// </remarks>
internal sealed class PeakMemory : IDisposable
{
    private const int StatusBufferBytes = 4096;

    private readonly Process _process;
    private readonly object _gate = new();
    private SafeFileHandle? _status;
    private bool _disposed;

    public PeakMemory(Process process) => _process = process;

    /// <summary>The peak resident set in bytes, or null when it cannot be read (the process is gone).</summary>
    public long? ReadBytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }

        lock (_gate)
        {
            return _disposed ? null : ReadStatusLocked();
        }
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

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _status?.Dispose();
            _status = null;
        }
    }

    private long? ReadStatusLocked()
    {
        try
        {
            _status ??= File.OpenHandle(
                string.Create(CultureInfo.InvariantCulture, $"/proc/{_process.Id}/status"),
                FileMode.Open,
                FileAccess.Read,
                FileShare.ReadWrite);

            // procfs renders the file afresh for every read at offset 0.
            Span<byte> buffer = stackalloc byte[StatusBufferBytes];
            var length = RandomAccess.Read(_status, buffer, fileOffset: 0);
            return ParseVmHwm(buffer[..length]);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process is gone (its /proc entry with it): there is no figure to report.
            return null;
        }
    }
}
