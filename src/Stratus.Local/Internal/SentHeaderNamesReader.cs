using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Stratus.Local.Internal;

/// <summary>
/// Reads a connection's input for Kestrel and shows every byte, once, to the connection's
/// <see cref="SentHeaderNames"/>, which the request delegate finds among the request's features.
/// </summary>
internal sealed class SentHeaderNamesReader(PipeReader inner, SentHeaderNames names) : PipeReader
{
    private ReadOnlySequence<byte> _lastBuffer;

    // How many bytes from the start of the last buffer were scanned: a read after a partial AdvanceTo hands the
    // unconsumed bytes back, and they must not be scanned twice.
    private long _scanned;

    /// <summary>
    /// Puts the reader between Kestrel and each connection <paramref name="listen"/> accepts while
    /// <paramref name="wanted"/> says so.
    /// </summary>
    public static void Install(ListenOptions listen, Func<bool> wanted) => listen.Use(next => connection =>
    {
        if (!wanted())
        {
            return next(connection);
        }

        var names = new SentHeaderNames();
        connection.Features.Set(names);
        connection.Transport = new Transport(
            new SentHeaderNamesReader(connection.Transport.Input, names),
            connection.Transport.Output);
        return next(connection);
    });

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = inner.ReadAsync(cancellationToken);
        return read.IsCompletedSuccessfully ? new ValueTask<ReadResult>(Observe(read.Result)) : ObserveAsync(read);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        result = Observe(result);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _scanned -= _lastBuffer.Slice(0, consumed).Length;
        _lastBuffer = default;
        inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    // Pooled: a keep-alive connection waits on most reads, and a new box for each would be garbage per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ObserveAsync(ValueTask<ReadResult> read) => Observe(await read);

    private ReadResult Observe(ReadResult result)
    {
        _lastBuffer = result.Buffer;
        if (_lastBuffer.Length > _scanned)
        {
            names.Scan(_lastBuffer.Slice(_scanned));
            _scanned = _lastBuffer.Length;
        }

        return result;
    }

    private sealed class Transport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
