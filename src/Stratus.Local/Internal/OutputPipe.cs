using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Text;
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
/// The reader waits until the pipe is readable, marks itself busy, and only then takes bytes out, so there is no
/// moment when bytes have left the pipe but their lines are not handed out yet without the mark saying so.
/// </remarks>
internal sealed partial class OutputPipe
{
    private const int BufferBytes = 8192;

    // Lambda cuts a log line into events of at most 256 KB (CloudWatch's event limit, in UTF-8 bytes); so does
    // the emulator, which keeps a line that never ends from growing without bound.
    internal const int MaxLineBytes = 256 * 1024;

    // How long one wait for data lasts before the reader checks whether the pipe was closed under it.
    private const int PollMilliseconds = 500;

    // poll(2)'s "there is data to read".
    private const short PollIn = 0x0001;

    private readonly Stream _stream;
    private readonly SafePipeHandle? _handle;
    private readonly Action _idle;

    // Text after the last newline, shared by the reader and HandOutPartialLine.
    private readonly LineBuffer _partial = new();
    private readonly object _partialGate = new();
    private Action<string>? _line;

    // 1 from just before the reader takes bytes out of the pipe until every complete line in them is handed out.
    private int _busy;

    /// <param name="reader">The redirected stdout or stderr of the process; its stream is read, not the reader.</param>
    /// <param name="idle">Called each time the reader has handed out all it read and waits for more.</param>
    public OutputPipe(StreamReader reader, Action idle)
    {
        _stream = reader.BaseStream;
        _handle = (_stream as PipeStream)?.SafePipeHandle;
        _idle = idle;
    }

    private static bool CanPoll => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>
    /// True when no byte written to the pipe so far waits unread, in the pipe or in the reader; a line without
    /// its newline yet does not count.
    /// </summary>
    /// <remarks>
    /// The pipe is asked first and the mark second: a byte taken out after the pipe said empty was written after
    /// this check began. Limitation: where the pipe cannot be polled (not Linux or macOS), a read that has just
    /// taken bytes out looks caught up for that instant.
    /// </remarks>
    public bool IsCaughtUp => UnreadBytes() == 0 && Volatile.Read(ref _busy) == 0;

    /// <summary>Reads lines on a thread of its own until the pipe ends, passing each to <paramref name="line"/>.
    /// </summary>
    public Task PumpAsync(Action<string> line)
    {
        _line = line;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Pump(line, done))
        {
            IsBackground = true,
            Name = "stratus-function-output",
        };
        thread.Start();
        return done.Task;
    }

    private void Pump(Action<string> line, TaskCompletionSource done)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[BufferBytes];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(BufferBytes)];
        try
        {
            while (WaitUntilReadable())
            {
                Interlocked.Exchange(ref _busy, 1);
                var count = _stream.Read(bytes);
                var charCount = decoder.GetChars(bytes, 0, count, chars, 0, flush: count == 0);
                lock (_partialGate)
                {
                    HandOut(chars.AsSpan(0, charCount), _partial, line, endOfFile: count == 0);
                }

                Volatile.Write(ref _busy, 0);
                _idle();
                if (count == 0)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The process and its pipes were disposed: nothing more can come.
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
            _idle();
            done.TrySetResult();
        }
    }

    /// <summary>
    /// Hands out text read so far that no newline has ended yet, as a line of its own: at the end of an invocation
    /// it belongs to that invocation's log, where Lambda puts it, and not to whatever the process writes next.
    /// </summary>
    public void HandOutPartialLine()
    {
        lock (_partialGate)
        {
            if (_partial.Length > 0 && _line is { } line)
            {
                line(_partial.Take());
            }
        }
    }

    /// <summary>
    /// Passes each complete line on; a line's '\r' before its '\n' is dropped, as ReadLine does. A line longer
    /// than <see cref="MaxLineBytes"/> in UTF-8 is passed on in pieces of at most that, as Lambda splits a log
    /// event, and never inside a character.
    /// </summary>
    internal static void HandOut(ReadOnlySpan<char> text, LineBuffer partial, Action<string> line, bool endOfFile)
    {
        while (text.IndexOf('\n') is var newline and >= 0)
        {
            partial.Append(text[..newline], line);
            partial.DropTrailingCarriageReturn();
            line(partial.Take());
            text = text[(newline + 1)..];
        }

        partial.Append(text, line);
        if (endOfFile && partial.Length > 0)
        {
            line(partial.Take());
        }
    }

    /// <summary>The text of a line not ended yet, with its size in UTF-8 bytes.</summary>
    internal sealed class LineBuffer
    {
        private readonly StringBuilder _text = new();
        private int _bytes;

        public int Length => _text.Length;

        /// <summary>Appends text; each time the line would pass the limit, the part that fits is passed on.</summary>
        public void Append(ReadOnlySpan<char> text, Action<string> line)
        {
            var bytes = Encoding.UTF8.GetByteCount(text);
            while (_bytes + bytes > MaxLineBytes)
            {
                var fits = CharsThatFit(text, MaxLineBytes - _bytes);
                _text.Append(text[..fits]);
                line(Take());
                text = text[fits..];
                bytes = Encoding.UTF8.GetByteCount(text);
            }

            _text.Append(text);
            _bytes += bytes;
        }

        public void DropTrailingCarriageReturn()
        {
            if (_text.Length > 0 && _text[^1] == '\r')
            {
                _text.Length--;
                _bytes--;
            }
        }

        public string Take()
        {
            var text = _text.ToString();
            _text.Clear();
            _bytes = 0;
            return text;
        }

        // The longest start of the text within the bytes left, ending on a whole character (a surrogate pair is
        // one); at least one character, so that a line always moves on.
        private static int CharsThatFit(ReadOnlySpan<char> text, int bytesLeft)
        {
            var used = 0;
            var index = 0;
            while (index < text.Length)
            {
                var width = char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
                var bytes = Encoding.UTF8.GetByteCount(text.Slice(index, width));
                if (used + bytes > bytesLeft)
                {
                    break;
                }

                used += bytes;
                index += width;
            }

            return Math.Max(index, 1);
        }
    }

    /// <summary>Waits without taking bytes until the pipe has data or is closed; false once it is disposed.</summary>
    private bool WaitUntilReadable()
    {
        if (_handle is null || !CanPoll)
        {
            return true;
        }

        while (!_handle.IsClosed)
        {
            // Readable, or hung up (a read then returns what is left, and 0 at the end). 0 is the timeout and -1
            // an interruption (EINTR): look at the handle again and wait on.
            if (PollOnce(_handle) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static int PollOnce(SafePipeHandle handle)
    {
        // The reference keeps the descriptor from being closed, and its number reused, while poll looks at it.
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var descriptor = new PollDescriptor { Fd = (int)handle.DangerousGetHandle(), Events = PollIn };
            return Poll(ref descriptor, 1, PollMilliseconds);
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private int UnreadBytes()
    {
        if (_handle is null || _handle.IsClosed || !CanPoll)
        {
            return 0;
        }

        // FIONREAD: the number of bytes waiting in the pipe.
        var request = OperatingSystem.IsLinux() ? 0x541BUL : 0x4004667FUL;
        var fd = (int)_handle.DangerousGetHandle();
        return Ioctl(fd, (nuint)request, out var count) == 0 ? count : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, out int count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);
}
