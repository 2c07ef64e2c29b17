using System.Globalization;
using System.Text;
using Stratus.Local;

namespace Stratus.Cli.Output;

/// <summary>Writes each function's output lines prefixed with its name, one whole line at a time.</summary>
/// <remarks>
/// Lines are collected and written by a thread pool work item, many at a time, so a busy function costs one
/// console write per batch instead of one per line, and no request waits on the terminal. Dispose (or
/// <see cref="Flush"/>) writes what is still pending.
/// </remarks>
internal sealed class PrefixedOutputSink(TextWriter writer) : IFunctionOutputSink, IDisposable
{
    // A console that stops reading (a pager left open, a pipe to a stuck program, Ctrl+S in a terminal) must
    // not grow the pending text without end; past this, lines are counted and dropped until it reads again.
    private const int MaxPendingChars = 4 * 1024 * 1024;

    private readonly Lock _pendingGate = new();
    private readonly Lock _writeGate = new();
    private readonly StringBuilder _pending = new();
    private bool _flushQueued;
    private int _dropped;

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
            ThreadPool.UnsafeQueueUserWorkItem(static sink => sink.Flush(), this, preferLocal: false);
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
                writer.Write(batch);
                writer.Flush();
            }
        }
    }

    public void Dispose() => Flush();
}
