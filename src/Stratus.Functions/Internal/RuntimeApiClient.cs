using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
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

    private const string BasePath = "/2018-06-01/runtime/";
    private const string NextPath = BasePath + "invocation/next";

    private static readonly KeyValuePair<string, string>[] NoHeaders = [];

    private readonly RuntimeApiConnection _connection;

    public RuntimeApiClient(string runtimeApi, string? unixSocketPath = null) =>
        _connection = new RuntimeApiConnection(runtimeApi, unixSocketPath);

    /// <summary>
    /// Waits for the next event, blocking the calling thread (see <see cref="RuntimeApiConnection"/>).
    /// </summary>
    public NextInvocation GetNextInvocation(CancellationToken cancellationToken)
    {
        var response = _connection.Send("GET", NextPath, NoHeaders, [], cancellationToken);
        if (response.StatusCode != 200)
        {
            throw Refused("next invocation request", response);
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
            Payload = response.Body,
        };
    }

    /// <summary>Sends the invocation's answer, and in the same write asks for the next event.</summary>
    /// <remarks>
    /// The runtime loop asks for the next event right after every answer, so the two requests go out together
    /// (HTTP/1.1 pipelining, RFC 9112 section 9.3.2) and <see cref="GetNextInvocation"/> only reads. That saves a
    /// round trip and a wake-up of this process and of the Runtime API per invocation. The server still answers
    /// the POST first; when it closes the connection instead of reading on, the GET is sent again.
    /// Limitation: against a Runtime API server that leaves Nagle's algorithm on (no TCP_NODELAY), its second
    /// small write waits for this side's delayed ACK, about 40 ms per invocation. Lambda's own server, the
    /// Runtime Interface Emulator and Kestrel all set TCP_NODELAY.
    /// </remarks>
    public void PostResponse(string requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        Post(InvocationPath(requestId, "response"), NoHeaders, payload.Span, "response", NextPath, cancellationToken);

    /// <summary>Reports the invocation's failure, and asks for the next event, as <see cref="PostResponse"/>.</summary>
    /// <remarks>
    /// The Lambda-Runtime-Function-Error-Type header is the exception's type name, as AWS's .NET runtime
    /// (Amazon.Lambda.RuntimeSupport, RuntimeApiClient.ReportInvocationErrorAsync) sends it. Lambda keeps only a
    /// "Runtime.X" or "Function.X" there, so a C# function's REPORT says "Error Type: Runtime.Unknown" in AWS, and
    /// locally too.
    /// </remarks>
    public void PostError(string requestId, RuntimeErrorBody error, CancellationToken cancellationToken) =>
        PostErrorBody(
            InvocationPath(requestId, "error"), error, error.ErrorType, "error report", NextPath, cancellationToken);

    /// <summary>Reports a failed init, without the error type header, as AWS's .NET runtime does.</summary>
    /// <remarks>
    /// Amazon.Lambda.RuntimeSupport reports an exception thrown during init (a handler it cannot find among them)
    /// with no Lambda-Runtime-Function-Error-Type header, so Lambda's INIT_REPORT and REPORT say
    /// "Error Type: Runtime.Unknown"; the body still names the error.
    /// </remarks>
    public void PostInitError(RuntimeErrorBody error, CancellationToken cancellationToken) =>
        PostErrorBody(
            BasePath + "init/error",
            error,
            errorTypeHeader: null,
            "init error report",
            thenGet: null,
            cancellationToken);

    public void Dispose() => _connection.Dispose();

    private static string InvocationPath(string requestId, string action) =>
        $"{BasePath}invocation/{Uri.EscapeDataString(requestId)}/{action}";

    // Limitation: the optional Lambda-Runtime-Function-XRay-Error-Cause header is not sent, so X-Ray
    // traces show that an invocation failed but not the exception. No issue filed yet.
    private void PostErrorBody(
        string path,
        RuntimeErrorBody error,
        string? errorTypeHeader,
        string operation,
        string? thenGet,
        CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(error, SdkJsonContext.Default.RuntimeErrorBody);
        KeyValuePair<string, string>[] headers = errorTypeHeader is null
            ? [new("Content-Type", ErrorContentType)]
            : [new("Content-Type", ErrorContentType), new(ErrorTypeHeader, errorTypeHeader)];
        Post(path, headers, body, operation, thenGet, cancellationToken);
    }

    private void Post(
        string path,
        KeyValuePair<string, string>[] headers,
        ReadOnlySpan<byte> body,
        string operation,
        string? thenGet,
        CancellationToken cancellationToken)
    {
        var response = _connection.Send("POST", path, headers, body, cancellationToken, thenGet);
        if (response.StatusCode is < 200 or > 299)
        {
            throw Refused(operation, response);
        }
    }

    private static RuntimeApiException Refused(string operation, RuntimeApiResponse response)
    {
        var text = Encoding.UTF8.GetString(response.Body, 0, Math.Min(response.Body.Length, 512));
        return new RuntimeApiException(operation, (HttpStatusCode)response.StatusCode, text);
    }

    private static string? Header(RuntimeApiResponse response, string name) =>
        response.Headers.TryGetValue(name, out var value) ? value : null;

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
