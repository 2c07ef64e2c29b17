using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Stratus.Local.Internal;

/// <summary>
/// One output pipe of a function process, read line by line, which can tell whether everything written to it so
/// far has been handed out as lines.
/// </summary>
/// <remarks>
/// A runtime writes its log lines before it asks for its next event, but the lines travel through the pipe and
/// the event request through a socket, so the request can arrive first. Knowing that the pipe is read to its end
/// lets the instance close an invocation's log only once the lines written before the request are in it.
/// </remarks>
internal sealed partial class OutputPipe
{
    private readonly StreamReader _reader;
    private readonly SafePipeHandle? _handle;
    private readonly Action _idle;

    // 1 while a read waits on an empty buffer: every complete line read so far has been handed out.
    private int _waiting;

    /// <param name="reader">The redirected stdout or stderr of the process.</param>
    /// <param name="idle">Called each time the reader has handed out all it read and waits for more.</param>
    public OutputPipe(StreamReader reader, Action idle)
    {
        _reader = reader;
        _handle = (reader.BaseStream as PipeStream)?.SafePipeHandle;
        _idle = idle;
    }

    /// <summary>
    /// True when no byte written to the pipe so far waits unread, in the pipe or in the reader; a line without
    /// its newline yet does not count. Where the pipe cannot be asked (not Linux or macOS), only the reader is.
    /// </summary>
    /// <remarks>
    /// Limitation: a read that has just taken bytes out of the pipe but not yet completed looks caught up for
    /// that instant; a line in it can still reach the next invocation's log.
    /// </remarks>
    public bool IsCaughtUp => Volatile.Read(ref _waiting) == 1 && UnreadBytes() == 0;

    /// <summary>Reads lines until the pipe ends, passing each to <paramref name="line"/>.</summary>
    public async Task PumpAsync(Action<string> line)
    {
        while (true)
        {
            var read = _reader.ReadLineAsync();
            if (!read.IsCompleted)
            {
                Volatile.Write(ref _waiting, 1);
                _idle();
            }

            var text = await read;
            if (text is null)
            {
                // Nothing more can come: the pipe is read to its end for good.
                Volatile.Write(ref _waiting, 1);
                _idle();
                return;
            }

            Volatile.Write(ref _waiting, 0);
            line(text);
        }
    }

    private int UnreadBytes()
    {
        if (_handle is null || _handle.IsClosed || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()))
        {
            return 0;
        }

        // FIONREAD: the number of bytes waiting in the pipe.
        var request = OperatingSystem.IsLinux() ? 0x541BUL : 0x4004667FUL;
        var fd = (int)_handle.DangerousGetHandle();
        return Ioctl(fd, (nuint)request, out var count) == 0 ? count : 0;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, out int count);
}
