using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Stratus.Local.Internal;

/// <summary>A request body read whole, or how large it was when it passed the limit.</summary>
/// <param name="Body">The bytes; empty when <paramref name="TooLarge"/>.</param>
/// <param name="Length">
/// The declared Content-Length, else the bytes sent (counted to the end of a chunked body over the limit, as AWS
/// reports a payload's size, up to <see cref="BodyReader.MaxCountedBytes"/>).
/// </param>
/// <param name="TooLarge">True when the body is over the limit.</param>
internal readonly record struct BodyRead(byte[] Body, long Length, bool TooLarge);

/// <summary>
/// Reads whole request bodies for the gateway, the Runtime API and the Invoke API, allocating only the body:
/// growing a buffer from a small guess cost about 24 KB per request, for GETs with no body too, and the
/// collections that garbage made were the gateway's longest pauses. The reads are ValueTasks because a small body
/// has usually arrived with its headers, and then no task is made at all.
/// </summary>
internal static class BodyReader
{
    /// <summary>How far a chunked body over the limit is read to count its size; beyond it, reading stops.</summary>
    public const long MaxCountedBytes = 256L * 1024 * 1024;

    private const int ChunkSize = 16 * 1024;

    public static async ValueTask<BodyRead> ReadAsync(HttpContext context, int limit)
    {
        var request = context.Request;
        if (request.ContentLength is { } declared)
        {
            return declared > limit ? new BodyRead([], declared, TooLarge: true)
                : declared == 0 ? new BodyRead([], 0, TooLarge: false)
                : new BodyRead(await ReadDeclaredAsync(context, (int)declared), declared, TooLarge: false);
        }

        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return new BodyRead([], 0, TooLarge: false);
        }

        return await ReadChunkedAsync(context, limit);
    }

    private static async ValueTask<byte[]> ReadDeclaredAsync(HttpContext context, int length)
    {
        // Kestrel fails the read itself when the client sends less than it declared.
        var body = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await context.Request.Body.ReadAsync(body.AsMemory(filled), context.RequestAborted);
            if (read == 0)
            {
                return body[..filled];
            }

            filled += read;
        }

        return body;
    }

    /// <summary>Reads and discards the rest of a body, returning how many bytes it held.</summary>
    private static async Task<long> CountRestAsync(HttpContext context, byte[] scratch, long counted)
    {
        long rest = 0;
        int read;
        while (counted + rest < MaxCountedBytes
            && (read = await context.Request.Body.ReadAsync(scratch, context.RequestAborted)) > 0)
        {
            rest += read;
        }

        return rest;
    }

    private static async ValueTask<BodyRead> ReadChunkedAsync(HttpContext context, int limit)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(count), context.RequestAborted);
                if (read == 0)
                {
                    return new BodyRead(buffer.AsSpan(0, count).ToArray(), count, TooLarge: false);
                }

                count += read;
                if (count > limit)
                {
                    return new BodyRead([], count + await CountRestAsync(context, buffer, count), TooLarge: true);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
