using System.Buffers;
using System.Text;
using Stratus.Local.Internal;

namespace Stratus.Local.Tests;

/// <summary>Finding each request's header names, as sent, in the bytes of one HTTP/1.1 connection.</summary>
public sealed class SentHeaderNamesTests
{
    [Fact]
    public void Scan_OneRequest_KeepsEachNameAsSent()
    {
        var names = new SentHeaderNames();

        names.Scan(Bytes("GET /a HTTP/1.1\r\nhost: x\r\ncontent-TYPE: text/plain\r\nX-Tag: 1\r\nx-tag: 2\r\n\r\n"));

        Assert.Equal(["host", "content-TYPE", "X-Tag", "x-tag"], Next(names));
        Assert.Null(names.TakeNext());
    }

    [Fact]
    public void Scan_RequestArrivingOneByteAtATime_FindsTheSameNames()
    {
        var names = new SentHeaderNames();
        var request = "GET /a HTTP/1.1\r\nhost: x\r\naccept: */*\r\n\r\n";

        foreach (var character in request)
        {
            names.Scan(Bytes(character.ToString()));
        }

        Assert.Equal(["host", "accept"], Next(names));
    }

    [Fact]
    public void Scan_ContentLengthBodyThatLooksLikeHeaders_IsSkippedAsBody()
    {
        var names = new SentHeaderNames();
        var body = "GET /fake HTTP/1.1\r\nfake: 1\r\n\r\n";
        var first = $"POST /a HTTP/1.1\r\nHost: x\r\ncontent-length: {body.Length}\r\n\r\n{body}";

        names.Scan(Segments(first + "GET /b HTTP/1.1\r\nHOST: x\r\n\r\n", 7));

        Assert.Equal(["Host", "content-length"], Next(names));
        Assert.Equal(["HOST"], Next(names));
        Assert.Null(names.TakeNext());
    }

    [Fact]
    public void Scan_ChunkedBodyWithExtensionsAndTrailers_FindsTheNextRequest()
    {
        var names = new SentHeaderNames();
        var chunked = "POST /a HTTP/1.1\r\nhost: x\r\ntransfer-encoding: gzip, Chunked\r\n\r\n" +
            "a;name=value\r\n0123456789\r\n" +
            "1A\r\nabcdefghijklmnopqrstuvwxyz\r\n" +
            "0\r\nx-trailer: t\r\n\r\n";

        names.Scan(Segments(chunked + "GET /b HTTP/1.1\r\nhost: y\r\nuser-agent: z\r\n\r\n", 5));

        Assert.Equal(["host", "transfer-encoding"], Next(names));
        Assert.Equal(["host", "user-agent"], Next(names));
    }

    [Fact]
    public void Scan_EmptyLinesBeforeARequestAndBareLineFeeds_AreAccepted()
    {
        var names = new SentHeaderNames();

        names.Scan(Bytes("\r\n\nGET /a HTTP/1.1\nhost: x\nX-One: 1\n\n"));

        Assert.Equal(["host", "X-One"], Next(names));
    }

    [Fact]
    public void Scan_UpgradeRequest_StopsSoLaterBytesAreNotTakenForRequests()
    {
        var names = new SentHeaderNames();

        names.Scan(Bytes(
            "GET /ws HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n" +
            "GET /b HTTP/1.1\r\nhost: y\r\n\r\n"));

        Assert.Equal(["host", "upgrade", "connection"], Next(names));
        Assert.Null(names.TakeNext());
    }

    [Theory]
    [InlineData("content-length: 12x\r\n")]
    [InlineData("content-length: -1\r\n")]
    [InlineData(" folded: value\r\n")]
    [InlineData(": no name\r\n")]
    public void Scan_HeaderKestrelRefuses_StopsWithoutGuessing(string header)
    {
        var names = new SentHeaderNames();

        names.Scan(Bytes($"GET /a HTTP/1.1\r\nhost: x\r\n{header}\r\nGET /b HTTP/1.1\r\nhost: y\r\n\r\n"));

        Assert.Null(names.TakeNext());
    }

    [Fact]
    public void Scan_BadChunkSize_StopsWithoutGuessing()
    {
        var names = new SentHeaderNames();

        names.Scan(Bytes(
            "POST /a HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n" +
            "GET /b HTTP/1.1\r\nhost: y\r\n\r\n"));

        Assert.Equal(["host", "transfer-encoding"], Next(names));
        Assert.Null(names.TakeNext());
    }

    [Fact]
    public void Scan_SameNamesOnAKeepAliveConnection_ReusesTheirStrings()
    {
        var names = new SentHeaderNames();
        var request = "GET /a HTTP/1.1\r\nhost: x\r\naccept: */*\r\n\r\n";

        names.Scan(Bytes(request + request));

        var first = Next(names);
        var second = Next(names);
        Assert.Equal(first, second);
        Assert.Same(first[1], second[1]);
    }

    private static string[] Next(SentHeaderNames names)
    {
        var next = names.TakeNext();
        Assert.NotNull(next);
        return next;
    }

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.Latin1.GetBytes(text));

    /// <summary>The text in segments of <paramref name="size"/> bytes, as a socket may deliver it.</summary>
    private static ReadOnlySequence<byte> Segments(string text, int size)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var start = size; start < bytes.Length; start += size)
        {
            last = last.Append(bytes.AsMemory(start, Math.Min(size, bytes.Length - start)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
