using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Stratus.Local.Internal;

/// <summary>
/// Reads a process's peak resident memory, Lambda's "Max Memory Used", cheaply enough for every REPORT.
/// </summary>
/// <remarks>
/// Process.Refresh + PeakWorkingSet64 reads /proc/&lt;pid&gt;/stat and the stat file of every thread on Linux;
/// done per invocation it was the largest cost of the emulator's warm path. On Linux this reads VmHWM (the
/// same kernel figure) from /proc/&lt;pid&gt;/status through a handle kept open for the process's lifetime,
/// one pread per REPORT. The handle stays bound to that process, so a reused pid can never be read instead.
/// Limitation: only the function process itself is measured; a custom runtime's child processes (a shell
/// bootstrap running a binary) are not, where Lambda's figure covers the whole sandbox.
/// Once the process is gone its figure is gone with it, so every reading is kept (<see cref="LastKnownBytes"/>)
/// for the REPORT of an invocation whose process crashed or was killed.
/// </remarks>
internal sealed class PeakMemory : IDisposable
{
    private const int StatusBufferBytes = 4096;
    private const long BytesPerMegabyte = 1024 * 1024;

    private readonly Process _process;
    private readonly object _gate = new();
    private SafeFileHandle? _status;
    private bool _disposed;
    private long _lastKnownBytes = -1;

    public PeakMemory(Process process) => _process = process;

    /// <summary>
    /// The peak of the last successful <see cref="ReadBytes"/>, which outlives the process, or null when none
    /// succeeded.
    /// </summary>
    /// <remarks>
    /// Limitation: the process may have grown after that reading (between two polls of MemoryWatch, or after its
    /// event was delivered); a process that crashed or was killed reports the figure without that growth.
    /// </remarks>
    public long? LastKnownBytes => Interlocked.Read(ref _lastKnownBytes) is >= 0 and var bytes ? bytes : null;

    /// <summary>The peak resident set in bytes, or null when it cannot be read (the process is gone).</summary>
    public long? ReadBytes()
    {
        var bytes = OperatingSystem.IsLinux() ? ReadStatus() : ReadWorkingSet();
        if (bytes is { } known)
        {
            // VmHWM only grows, so the latest reading is the largest.
            Interlocked.Exchange(ref _lastKnownBytes, known);
        }

        return bytes;
    }

    /// <summary>
    /// REPORT's "Max Memory Used" in MB for a peak of <paramref name="peakBytes"/>, never above the function's
    /// memorySize; null (the field is left out) when there is no reading, or only one under 1 MB.
    /// </summary>
    /// <remarks>
    /// Lambda never reports 0 MB: its figure covers the runtime and the sandbox. A process read just after its exec,
    /// before it has mapped its program (or before the kernel has synced its per-thread RSS counters), shows a
    /// VmHWM of a few kB or 0, which is no peak of the function; one that exits before a later reading (a bootstrap
    /// that fails its init) would report that as 0 MB, so such a reading counts as none.
    /// </remarks>
    public static long? ReportedMegabytes(long? peakBytes, int memorySizeMegabytes) =>
        peakBytes is { } bytes && bytes / BytesPerMegabyte is > 0 and var megabytes
            ? Math.Min(megabytes, memorySizeMegabytes)
            : null;

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

    private long? ReadWorkingSet()
    {
        try
        {
            _process.Refresh();
            return _process.PeakWorkingSet64;
        }
        catch (InvalidOperationException)
        {
            // The process has exited (or was disposed): there is no figure to read.
            return null;
        }
    }

    private long? ReadStatus()
    {
        lock (_gate)
        {
            return _disposed ? null : ReadStatusLocked();
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
