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

    // A console that stops reading (a pager left open, a pipe to a stuck program, Ctrl+S in a terminal) must
    // not grow the pending text without end; past this, lines are counted and dropped until it reads again.
    private const int MaxPendingChars = 4 * 1024 * 1024;

    private readonly Lock _pendingGate = new();
    private readonly Lock _writeGate = new();
    private readonly StringBuilder _pending = new();
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
        var text = FunctionLogLine.Render(line);
        bool queueFlush;
        lock (_pendingGate)
        {
            if (_pending.Length + text.Length > MaxPendingChars)
            {
                _dropped++;
                return;
            }

            _pending.Append('[').Append(functionKey).Append("] ").Append(text).Append('\n');
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
            string batch;
            lock (_pendingGate)
            {
                if (_dropped > 0)
                {
                    _pending.Append(CultureInfo.InvariantCulture, $"[stratus] {_dropped} function output lines ")
                        .Append("were dropped while the console was not reading.\n");
                    _dropped = 0;
                }

                batch = _pending.ToString();
                _pending.Clear();
                _flushQueued = false;
            }

            if (batch.Length > 0)
            {
                _writer.Write(batch);
                _writer.Flush();
            }
        }
    }

    public void Dispose()
    {
        _flushTimer.Dispose();
        Flush();
    }
}
