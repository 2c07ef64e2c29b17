using System.Text;

namespace Stratus.Functions.Tests.Support;

/// <summary>Reads HTTP/1.1 requests with Content-Length bodies from one keep-alive connection.</summary>
internal sealed class HttpRequestReader
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public HttpRequestReader(Stream stream) => _stream = stream;

    /// <summary>Returns the next request, or null when the client closed the connection between requests.</summary>
    public async Task<RecordedRequest?> ReadAsync(CancellationToken cancellationToken)
    {
        int headerEnd;
        while ((headerEnd = FindHeaderEnd()) < 0)
        {
            if (!await FillAsync(cancellationToken))
            {
                return null;
            }
        }

        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd - _start).Split("\r\n");
        _start = headerEnd + 4;
        var requestLine = head[0].Split(' ');
        var headers = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => new KeyValuePair<string, string>(parts[0], parts[1].Trim()))
            .ToList();

        if (headers.Any(header => header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
        {
            throw new NotSupportedException("The fake Runtime API reads only Content-Length bodies.");
        }

        var length = headers
            .Where(header => header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(header => int.Parse(header.Value, System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        while (_end - _start < length)
        {
            if (!await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException("The connection closed inside a request body.");
            }
        }

        var body = _buffer.AsSpan(_start, length).ToArray();
        _start += length;
        return new RecordedRequest(requestLine[0], requestLine[1], headers, body);
    }

    private int FindHeaderEnd()
    {
        var index = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
        return index < 0 ? -1 : _start + index;
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }
}
