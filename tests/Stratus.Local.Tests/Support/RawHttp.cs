using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stratus.Local.Tests.Support;

/// <summary>
/// Sends a hand-written HTTP/1.1 request, for what HttpClient cannot express: the same header on two lines
/// (HttpClient folds them into one) or header names in odd casing.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Head, string Body)> SendAsync(
        Uri baseAddress,
        string method,
        string target,
        params string[] headers)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, baseAddress.Port);
        await using var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append($"{method} {target} HTTP/1.1\r\n")
            .Append($"Host: 127.0.0.1:{baseAddress.Port}\r\n")
            .Append("Connection: close\r\n");
        foreach (var header in headers)
        {
            request.Append(header).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.Append("\r\n").ToString()));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = response[..split];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, head, response[(split + 4)..]);
    }
}
