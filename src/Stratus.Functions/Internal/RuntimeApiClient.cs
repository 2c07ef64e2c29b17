using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace Stratus.Functions.Internal;

/// <summary>
/// A client of the Lambda Runtime API, version 2018-06-01
/// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string ClientContextHeader = "Lambda-Runtime-Client-Context";
    public const string CognitoIdentityHeader = "Lambda-Runtime-Cognito-Identity";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    /// <summary>The content type AWS's Runtime API specification gives error bodies.</summary>
    public const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    private readonly HttpClient _http;

    public RuntimeApiClient(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrEmpty(runtimeApi);

        var handler = new SocketsHttpHandler
        {
            // The Runtime API is on the local host: HTTP_PROXY settings meant for the handler's own calls
            // must not reroute it, and there is nothing to decompress.
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,

            // No W3C trace headers on these calls: they would cost an Activity per request, and the Runtime API
            // carries the trace in Lambda-Runtime-Trace-Id instead.
            ActivityHeadersPropagator = null,
        };

        // No client timeout: GET next long-polls, and Lambda freezes the process between invocations.
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri($"http://{runtimeApi}/2018-06-01/runtime/", UriKind.Absolute),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Waits for the next event, blocking the calling thread (see <see cref="SendBlocking"/>).</summary>
    public NextInvocation GetNextInvocation(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "invocation/next");
        using var response = SendBlocking(request, cancellationToken);
        var payload = ReadBody(response, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw Refused("next invocation request", response.StatusCode, payload);
        }

        var requestId = Header(response, RequestIdHeader);
        if (string.IsNullOrEmpty(requestId))
        {
            throw new RuntimeApiException(
                "next invocation request",
                HttpStatusCode.OK,
                $"the answer has no {RequestIdHeader} header");
        }

        return new NextInvocation
        {
            RequestId = requestId,
            Deadline = ParseDeadline(Header(response, DeadlineHeader)),
            InvokedFunctionArn = Header(response, FunctionArnHeader) ?? "",
            TraceId = Header(response, TraceIdHeader),
            ClientContext = Header(response, ClientContextHeader),
            CognitoIdentity = Header(response, CognitoIdentityHeader),
            Payload = payload,
        };
    }

    public void PostResponse(string requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, InvocationPath(requestId, "response"))
        {
            Content = new ReadOnlyMemoryContent(payload),
        };
        Send(request, "response", cancellationToken);
    }

    public void PostError(string requestId, RuntimeErrorBody error, CancellationToken cancellationToken)
    {
        using var request = ErrorRequest(InvocationPath(requestId, "error"), error);
        Send(request, "error report", cancellationToken);
    }

    public void PostInitError(RuntimeErrorBody error, CancellationToken cancellationToken)
    {
        using var request = ErrorRequest("init/error", error);
        Send(request, "init error report", cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static string InvocationPath(string requestId, string action) =>
        $"invocation/{Uri.EscapeDataString(requestId)}/{action}";

    // Limitation: the optional Lambda-Runtime-Function-XRay-Error-Cause header is not sent, so X-Ray
    // traces show that an invocation failed but not the exception. No issue filed yet.
    private static HttpRequestMessage ErrorRequest(string path, RuntimeErrorBody error)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(error, SdkJsonContext.Default.RuntimeErrorBody);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(ErrorContentType);

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
        return request;
    }

    private void Send(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        using var response = SendBlocking(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(operation, response.StatusCode, ReadRefusalBody(response, cancellationToken));
        }
    }

    // Blocking on purpose: the runtime loop makes one call at a time, and a thread that waits in recv() is woken
    // by the kernel directly, where an async call is woken by the socket engine's thread and then handed to a
    // thread pool worker. On the few cores a function gets, that hand-off costs more than the call itself.
    // The response is read whole before Send returns.
    private HttpResponseMessage SendBlocking(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _http.Send(request, HttpCompletionOption.ResponseContentRead, cancellationToken);

    private static byte[] ReadBody(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var body = response.Content.ReadAsStream(cancellationToken);
        using var copy = new MemoryStream();
        body.CopyTo(copy);
        return copy.ToArray();
    }

    // A server that refuses a request (413) may close the connection before reading all of it, and the response
    // content can then be gone; the status alone says what happened, the body only adds detail.
    private static byte[] ReadRefusalBody(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return ReadBody(response, cancellationToken);
        }
        catch (Exception exception) when (exception is ObjectDisposedException or IOException or HttpRequestException)
        {
            return [];
        }
    }

    private static RuntimeApiException Refused(string operation, HttpStatusCode status, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512));
        return new RuntimeApiException(operation, status, text);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static DateTimeOffset? ParseDeadline(string? value)
    {
        // Beyond the largest DateTimeOffset the header is garbage, not a deadline.
        const long LatestDeadline = 253_402_300_799_999;
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > LatestDeadline)
        {
            return null;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }
}
