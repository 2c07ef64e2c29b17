using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Stratus.Local.Internal;

/// <summary>
/// The header names of each request on one connection, spelled as the client sent them, read from the bytes as
/// Kestrel takes them in (see <see cref="SentHeaderNamesReader"/>).
/// </summary>
/// <remarks>
/// Kestrel reports well-known header names in its own casing (a sent 'content-type' reads 'Content-Type'), while
/// a REST API hands the function every name as sent. This follows HTTP/1.1's framing (RFC 9112: empty lines
/// before a request, Content-Length and chunked bodies, trailers) only far enough to find each header block.
/// Anything it does not follow (an upgrade, CONNECT, a line Kestrel would refuse) stops it for the rest of the
/// connection, and those requests keep Kestrel's names, as they did before.
/// </remarks>
internal sealed class SentHeaderNames
{
    // Above Kestrel's own request line and header limits (LoopbackServer), which answer first.
    private const int MaxLineBytes = 512 * 1024;

    // Names already seen on this connection: a keep-alive client sends the same ones every time.
    private const int MaxRememberedNames = 64;

    private readonly object _gate = new();
    private readonly Queue<string[]> _requests = new();
    private readonly List<string> _names = [];
    private readonly List<string> _remembered = [];
    private byte[] _line = new byte[256];
    private int _lineLength;
    private Part _part;
    private long _bytesToSkip;
    private long _contentLength;
    private bool _chunked;
    private bool _endsHttp;

    private enum Part
    {
        BeforeRequest,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkEnd,
        Trailers,
        Stopped,
    }

    /// <summary>
    /// The names of the oldest request not yet taken, or null when they are unknown. Called exactly once for every
    /// request Kestrel hands the application, in order, so each request gets its own names.
    /// </summary>
    public string[]? TakeNext()
    {
        lock (_gate)
        {
            return _requests.TryDequeue(out var names) ? names : null;
        }
    }

    /// <summary>Reads bytes that arrived on the connection, each exactly once and in order.</summary>
    public void Scan(ReadOnlySequence<byte> bytes)
    {
        lock (_gate)
        {
            foreach (var segment in bytes)
            {
                ScanSegment(segment.Span);
            }
        }
    }

    private void ScanSegment(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty && _part != Part.Stopped)
        {
            if (_part is Part.Body or Part.ChunkData)
            {
                bytes = SkipContent(bytes);
                continue;
            }

            var lineEnd = bytes.IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                KeepPartialLine(bytes);
                return;
            }

            OnLine(CompleteLine(bytes[..lineEnd]));
            bytes = bytes[(lineEnd + 1)..];
        }
    }

    private ReadOnlySpan<byte> SkipContent(ReadOnlySpan<byte> bytes)
    {
        var skipped = (int)Math.Min(_bytesToSkip, bytes.Length);
        _bytesToSkip -= skipped;
        if (_bytesToSkip == 0)
        {
            _part = _part == Part.Body ? Part.BeforeRequest : Part.ChunkEnd;
        }

        return bytes[skipped..];
    }

    private void KeepPartialLine(ReadOnlySpan<byte> bytes)
    {
        if (_lineLength + bytes.Length > MaxLineBytes)
        {
            _part = Part.Stopped;
            return;
        }

        if (_lineLength + bytes.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, _lineLength + bytes.Length));
        }

        bytes.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += bytes.Length;
    }

    /// <summary>The whole line without its CRLF (or bare LF), joined to its start from earlier reads.</summary>
    private ReadOnlySpan<byte> CompleteLine(ReadOnlySpan<byte> end)
    {
        ReadOnlySpan<byte> line = end;
        if (_lineLength > 0)
        {
            KeepPartialLine(end);
            line = _line.AsSpan(0, _lineLength);
            _lineLength = 0;
        }

        return line.EndsWith((byte)'\r') ? line[..^1] : line;
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        switch (_part)
        {
            case Part.BeforeRequest:
                OnRequestLine(line);
                break;
            case Part.Headers:
                OnHeaderLine(line);
                break;
            case Part.ChunkSize:
                OnChunkSizeLine(line);
                break;
            case Part.ChunkEnd:
                _part = line.IsEmpty ? Part.ChunkSize : Part.Stopped;
                break;
            case Part.Trailers:
                _part = line.IsEmpty ? Part.BeforeRequest : Part.Trailers;
                break;
        }
    }

    private void OnRequestLine(ReadOnlySpan<byte> line)
    {
        // RFC 9112, section 2.2: a server ignores empty lines received before a request line.
        if (line.IsEmpty)
        {
            return;
        }

        _names.Clear();
        _contentLength = 0;
        _chunked = false;

        // A tunnel carries no more HTTP after its request.
        _endsHttp = line.StartsWith("CONNECT "u8);
        _part = Part.Headers;
    }

    private void OnHeaderLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            OnHeadersEnd();
            return;
        }

        var colon = line.IndexOf((byte)':');
        var name = colon > 0 ? line[..colon] : [];
        if (name.IsEmpty || name.IndexOfAny((byte)' ', (byte)'\t') >= 0)
        {
            // Folded, unnamed or spaced: Kestrel refuses the request and closes the connection.
            _part = Part.Stopped;
            return;
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        _names.Add(NameOf(name));
        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            var parsed = Utf8Parser.TryParse(value, out _contentLength, out var used) && used == value.Length;
            if (!parsed || _contentLength < 0)
            {
                _part = Part.Stopped;
            }
        }
        else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
        {
            // Chunked is the last coding whenever a request body is chunked at all (RFC 9112, section 6.3).
            _chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "Upgrade"u8))
        {
            _endsHttp = true;
        }
    }

    private void OnHeadersEnd()
    {
        _requests.Enqueue([.. _names]);
        if (_endsHttp)
        {
            _part = Part.Stopped;
        }
        else if (_chunked)
        {
            _part = Part.ChunkSize;
        }
        else
        {
            _bytesToSkip = _contentLength;
            _part = _contentLength > 0 ? Part.Body : Part.BeforeRequest;
        }
    }

    private void OnChunkSizeLine(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOfAny((byte)';', (byte)' ', (byte)'\t');
        var digits = extension < 0 ? line : line[..extension];
        if (!Utf8Parser.TryParse(digits, out long size, out var used, 'X') || used != digits.Length || size < 0)
        {
            _part = Part.Stopped;
            return;
        }

        _bytesToSkip = size;
        _part = size == 0 ? Part.Trailers : Part.ChunkData;
    }

    private string NameOf(ReadOnlySpan<byte> name)
    {
        foreach (var remembered in _remembered)
        {
            if (Ascii.Equals(name, remembered))
            {
                return remembered;
            }
        }

        // Header names are tokens (RFC 9110, section 5.1); Latin-1 maps any stray byte to one character.
        var text = Encoding.Latin1.GetString(name);
        if (_remembered.Count < MaxRememberedNames)
        {
            _remembered.Add(text);
        }

        return text;
    }
}
