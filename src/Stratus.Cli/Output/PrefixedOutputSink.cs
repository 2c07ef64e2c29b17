using System.Globalization;
using System.Text;
using Stratus.Local;

namespace Stratus.Cli.Output;

/// <summary>Writes each function's output lines prefixed with its name, one whole line at a time.</summary>
/// <remarks>
/// Lines are collected and written by a timer, many at a time and at most <see cref="FlushDelay"/> after the
/// first of a batch, so a busy function costs one console write per batch instead of one per line, and no request
/// waits on the terminal. Dispose (or <see cref="Flush"/>) writes what is still pending.
/// </remarks>
internal sealed class PrefixedOutputSink : IFunctionOutputSink, IDisposable
{
    // Under load `dev` writes a request line per request; flushing as soon as a line arrived made batches of
    // about three lines, each a thread pool wake-up and a write (0.34 per request under wrk). A short delay
    // turns that into a hundred writes a second at most, and a person reading the console cannot see 10 ms.
    internal static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(10);

    // A console that stops reading (a pager left open, a pipe to a stuck program, Ctrl+S in a terminal), or reads
    // slower than functions write, must not grow the pending text without end; past this, lines are counted and
    // dropped until it catches up. The batch stuck in the console's write may hold as much again.
    private const int MaxPendingChars = 4 * 1024 * 1024;

    // One line may fill a quarter of that; a longer one (a function printing a whole file) keeps its start.
    private const int MaxLineChars = MaxPendingChars / 4;

    // Lines are collected in one builder while the other is written, then the two swap: the batch is written
    // from the builder's own chunks, so a flush makes no string. A gen0 GC under load found each batch (tens of
    // KB) alive and copied it; a builder that is reused settles in gen2.
    private const int InitialBatchChars = 16 * 1024;

    // A burst (a function dumping a file) may grow a builder to megabytes; that one is let go, not kept.
    private const int KeptBatchChars = 256 * 1024;

    private readonly Lock _pendingGate = new();
    private readonly Lock _writeGate = new();
    private StringBuilder _pending = new(InitialBatchChars);
    private StringBuilder _writing = new(InitialBatchChars);
    private readonly TextWriter _writer;
    private readonly ITimer _flushTimer;
    private bool _flushQueued;
    private int _dropped;

    public PrefixedOutputSink(TextWriter writer)
    {
        _writer = writer;
        _flushTimer = TimeProvider.System.CreateTimer(
            static sink => ((PrefixedOutputSink)sink!).Flush(),
            this,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
    }

    public void WriteLine(string functionKey, FunctionOutputStream stream, string line)
    {
        // Lambda's own lines (INIT_REPORT) stand as the log has them, unprefixed like the REPORT printed after.
        var platform = stream == FunctionOutputStream.Platform;
        var text = platform ? line.AsSpan() : FunctionLogLine.Render(line).AsSpan();
        var cut = Math.Max(0, text.Length - MaxLineChars);
        bool queueFlush;
        lock (_pendingGate)
        {
            if (_pending.Length + text.Length - cut > MaxPendingChars)
            {
                _dropped++;
                return;
            }

            if (!platform)
            {
                _pending.Append('[').Append(functionKey).Append("] ");
            }

            _pending.Append(text[..^cut]);
            if (cut > 0)
            {
                _pending.Append(CultureInfo.InvariantCulture, $" [{cut} more characters of this line not shown]");
            }

            _pending.Append('\n');
            queueFlush = !_flushQueued;
            _flushQueued = true;
        }

        if (queueFlush)
        {
            _flushTimer.Change(FlushDelay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Writes every line collected so far.</summary>
    public void Flush()
    {
        // One writer at a time, and it takes the batch only once it may write, so batches keep their order.
        lock (_writeGate)
        {
            lock (_pendingGate)
            {
                if (_dropped > 0)
                {
                    _pending.Append(CultureInfo.InvariantCulture, $"[stratus] {_dropped} function output lines ")
                        .Append("were dropped: the console did not keep up with them.\n");
                    _dropped = 0;
                }

                (_pending, _writing) = (_writing, _pending);
                _flushQueued = false;
            }

            if (_writing.Length == 0)
            {
                return;
            }

            try
            {
                foreach (var chunk in _writing.GetChunks())
                {
                    _writer.Write(chunk.Span);
                }

                _writer.Flush();
            }
            catch (IOException)
            {
                // The console is gone (its pipe closed): there is nowhere left to show these lines, and failing
                // here, on the timer's thread, would end `dev` with a stack trace instead.
            }
            finally
            {
                // Written or not, the batch is done: kept, it would be written again after newer lines.
                _writing = _writing.Capacity > KeptBatchChars ? new StringBuilder(InitialBatchChars) : _writing.Clear();
            }
        }
    }

    public void Dispose()
    {
        _flushTimer.Dispose();
        Flush();
    }
}
