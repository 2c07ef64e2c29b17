using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stratus.Functions.Tests.Support;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (port 0) for fakes of AWS endpoints: it accepts keep-alive
/// connections, records every request, and lets the fake answer each one. Disposing stops it and waits for
/// every connection to end.
/// </summary>
internal abstract class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>Gets every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Gets the port the server listens on.</summary>
    protected int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Gets a token cancelled when the server stops.</summary>
    protected CancellationToken Stopping => _stop.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts listening and accepting; call once, from the fake's factory.</summary>
    protected void StartListening()
    {
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>Answers one recorded request on its connection.</summary>
    protected abstract Task AnswerAsync(Stream stream, RecordedRequest request);

    protected static async Task WriteResponseAsync(
        Stream stream,
        int status,
        string contentType,
        IEnumerable<KeyValuePair<string, string>> headers,
        byte[] body)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} Status{status}\r\n");
        foreach (var header in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{header.Key}: {header.Value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _connections.Add(ServeAsync(client));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException
                                          || (exception is InvalidOperationException && _stop.IsCancellationRequested))
        {
            // Stopped by DisposeAsync; a loop that comes back to accept after Stop() sees "Not listening".
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new HttpRequestReader(stream);
                while (await reader.ReadAsync(_stop.Token) is { } request)
                {
                    _requests.Enqueue(request);
                    await AnswerAsync(stream, request);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // The client closed the connection or the server is stopping.
            }
        }
    }
}
