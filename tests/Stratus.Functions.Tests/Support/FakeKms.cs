using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stratus.Functions.Tests.Support;

/// <summary>
/// A KMS-compatible HTTP endpoint on 127.0.0.1 (port 0) that records each request and answers with what the
/// test's responder returns; the test checks the request against AWS's documented Decrypt format.
/// </summary>
internal sealed class FakeKms : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<RecordedRequest, (int Status, string Body)> _responder;
    private Task _acceptLoop = Task.CompletedTask;

    private FakeKms(Func<RecordedRequest, (int Status, string Body)> responder) => _responder = responder;

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static FakeKms Start(Func<RecordedRequest, (int Status, string Body)> responder)
    {
        var kms = new FakeKms(responder);
        kms._listener.Start();
        kms._acceptLoop = kms.AcceptAsync();
        return kms;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections);
        _stop.Dispose();
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
                    var (status, body) = _responder(request);
                    var bytes = Encoding.UTF8.GetBytes(body);
                    var head = string.Create(
                        CultureInfo.InvariantCulture,
                        $"HTTP/1.1 {status} Status\r\nContent-Type: application/x-amz-json-1.1\r\n"
                        + $"Content-Length: {bytes.Length}\r\n\r\n");
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                    await stream.WriteAsync(bytes);
                    await stream.FlushAsync();
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException)
            {
                // The client closed the connection or the server is stopping.
            }
        }
    }
}
