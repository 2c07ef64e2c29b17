using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Stratus.Local.Internal;

/// <summary>A bare Kestrel server on 127.0.0.1 with one request delegate and no generic host.</summary>
/// <remarks>
/// Every function instance gets its own Runtime API listener, so starting one must be cheap. Building
/// Kestrel by hand skips the host, configuration and DI container (and keeps ASPNETCORE_* variables and
/// appsettings files from changing what is bound).
/// </remarks>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private static readonly IServiceProvider EmptyServices = new ServiceCollection().BuildServiceProvider();

    private readonly KestrelServer _server;
    private int _stopped;

    private LoopbackServer(KestrelServer server, int port)
    {
        _server = server;
        Port = port;
    }

    /// <summary>The port that was bound.</summary>
    public int Port { get; }

    /// <summary>Starts listening on 127.0.0.1 and returns once the socket is bound.</summary>
    /// <param name="port">The port, or 0 for any free one.</param>
    /// <param name="handler">The request delegate.</param>
    /// <param name="loggerFactory">Kestrel's logs.</param>
    /// <param name="recordSentHeaderNames">
    /// Asked as each connection opens: whether its requests carry a <see cref="SentHeaderNames"/> feature, for a
    /// gateway that passes header names on as sent. Null for never.
    /// </param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <param name="unixSocketPath">A Unix socket to listen on as well, or null.</param>
    public static async Task<LoopbackServer> StartAsync(
        int port,
        RequestDelegate handler,
        ILoggerFactory loggerFactory,
        Func<bool>? recordSentHeaderNames,
        CancellationToken cancellationToken,
        string? unixSocketPath = null)
    {
        var options = new KestrelServerOptions { AddServerHeader = false, ApplicationServices = EmptyServices };

        // Lambda and API Gateway decide payload limits (6 MB, 10 MB) in UTF-8 bytes; Kestrel's 30 MB
        // default must never answer first.
        options.Limits.MaxRequestBodySize = null;
        options.Limits.MinRequestBodyDataRate = null;

        // The same for the URL and headers: API Gateway takes a 10240-character URL and 10240 bytes of header
        // values (RequestLimits checks them), past Kestrel's defaults of an 8 KB request line and 100 headers.
        // These bounds sit far above AWS's, only to keep a broken client from holding unbounded memory.
        options.Limits.MaxRequestLineSize = 64 * 1024;
        options.Limits.MaxRequestHeadersTotalSize = 256 * 1024;
        options.Limits.MaxRequestHeaderCount = 10_000;

        // API Gateway passes non-ASCII header values through; Kestrel would reject them by default.
        options.RequestHeaderEncodingSelector = _ => Encoding.UTF8;
        options.ResponseHeaderEncodingSelector = _ => Encoding.UTF8;
        options.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            if (recordSentHeaderNames is not null)
            {
                SentHeaderNamesReader.Install(listen, recordSentHeaderNames);
            }
        });

        if (unixSocketPath is not null)
        {
            options.ListenUnixSocket(unixSocketPath, listen => listen.Protocols = HttpProtocols.Http1);
        }

        var transportOptions = new SocketTransportOptions { UnsafePreferInlineScheduling = true };
        var transport = new SocketTransportFactory(Options.Create(transportOptions), loggerFactory);
        var server = new KestrelServer(Options.Create(options), transport, loggerFactory);
        await server.StartAsync(new Application(handler), cancellationToken);

        return new LoopbackServer(server, BoundPort(server));
    }

    /// <summary>Stops accepting, gives open requests until <paramref name="grace"/> passes, then closes them.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        // Real time on purpose: this bounds an OS-level wait, and a test's fake clock would never end it.
        using var deadline = new CancellationTokenSource(grace, TimeProvider.System);
        await _server.StopAsync(deadline.Token);
        _server.Dispose();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(5));

    private static int BoundPort(KestrelServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel started without reporting its bound address.");
        var address = addresses.FirstOrDefault(a => !a.Contains("unix:", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("Kestrel started without binding an address.");
        return new Uri(address).Port;
    }

    /// <summary>
    /// Runs the handler, reusing one HttpContext per connection as ASP.NET Core's own host does: a new one per
    /// request was garbage on every gateway request and every Runtime API call.
    /// </summary>
    private sealed class Application(RequestDelegate handler) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures)
        {
            if (contextFeatures is not IHostContextContainer<HttpContext> container)
            {
                return new DefaultHttpContext(contextFeatures);
            }

            if (container.HostContext is DefaultHttpContext reused)
            {
                reused.Initialize(contextFeatures);
                return reused;
            }

            var context = new DefaultHttpContext(contextFeatures);
            container.HostContext = context;
            return context;
        }

        public Task ProcessRequestAsync(HttpContext context) => handler(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
            if (context is DefaultHttpContext reusable)
            {
                reusable.Uninitialize();
            }
        }
    }
}
