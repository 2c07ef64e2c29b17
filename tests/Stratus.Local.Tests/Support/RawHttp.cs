using System.Globalization;
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
        var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
        return (status, head, response[(split + 4)..]);
    }

    /// <summary>
    /// Sends every request in one write on one connection (HTTP/1.1 pipelining; the last one should say
    /// 'connection: close') and reads each answer, which must carry a Content-Length.
    /// </summary>
    public static async Task<List<(int Status, string Head, string Body)>> SendPipelinedAsync(
        Uri baseAddress,
        params string[] requests)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, baseAddress.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(requests)));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var rest = await reader.ReadToEndAsync();

        var responses = new List<(int Status, string Head, string Body)>();
        while (rest.Length > 0)
        {
            var split = rest.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var head = rest[..split];
            var lengthLine = head.Split("\r\n").Single(
                line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
            var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
            responses.Add((status, head, rest.Substring(split + 4, length)));
            rest = rest[(split + 4 + length)..];
        }

        return responses;
    }
}
