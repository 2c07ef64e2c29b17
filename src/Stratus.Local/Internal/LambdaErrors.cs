using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stratus.Local.Internal;

/// <summary>Lambda's limits and the error shapes and wording it uses, so local failures read like AWS ones.</summary>
internal static partial class LambdaErrors
{
    /// <summary>The synchronous request payload limit: 6 MB.</summary>
    public const int MaxSyncRequestBytes = 6 * 1024 * 1024;

    /// <summary>The response payload limit; AWS allows 100 bytes over 6 MB for the envelope.</summary>
    public const int MaxResponseBytes = (6 * 1024 * 1024) + 100;

    /// <summary>The asynchronous (Event) request payload limit: 1 MB.</summary>
    /// <remarks>Limitation: AWS long had 256 KB here; 1 MB follows its raised quota and is not checked locally
    /// against older accounts.</remarks>
    public const int MaxAsyncRequestBytes = 1024 * 1024;

    public const string TimedOutType = "Sandbox.Timedout";
    public const string ExitErrorType = "Runtime.ExitError";
    public const string InvalidEntrypointType = "Runtime.InvalidEntrypoint";
    public const string UnknownType = "Runtime.Unknown";
    public const string FunctionUnknownType = "Function.Unknown";
    public const string ResponseTooLargeType = "Function.ResponseSizeTooLarge";

    public static readonly JsonWriterOptions WriterOptions = new()
    {
        // Events carry user text (names, bodies); AWS sends it as raw UTF-8, not as \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Reads payloads at any depth: Lambda asks only for valid JSON, not System.Text.Json's 64 levels.
    /// </summary>
    /// <remarks>Utf8JsonReader and JsonDocument keep their nesting on the heap, not the call stack, so a deep
    /// 6 MB payload costs memory in proportion to its size and cannot overflow the stack.</remarks>
    public static readonly JsonReaderOptions PayloadReaderOptions = new() { MaxDepth = int.MaxValue };

    public static string TimedOutMessage(string requestId, TimeSpan timeout) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"RequestId: {requestId} Error: Task timed out after {timeout.TotalSeconds:0.00} seconds");

    /// <summary>Lambda's words for a runtime that ended; a clean exit is one it gave no reason for.</summary>
    public static string ExitMessage(string requestId, int exitCode) => exitCode == 0
        ? $"RequestId: {requestId} Error: Runtime exited without providing a reason"
        : $"RequestId: {requestId} Error: Runtime exited with error: {DescribeExit(exitCode)}";

    public static string ResponseTooLargeMessage() =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"Response payload size exceeded maximum allowed payload size ({MaxResponseBytes} bytes).");

    /// <summary>Words an exit code the way Go's os/exec does in Lambda's messages.</summary>
    /// <remarks>.NET reports a process ended by signal N as exit code 128 + N.</remarks>
    public static string DescribeExit(int exitCode) => exitCode switch
    {
        128 + 9 => "signal: killed",
        128 + 15 => "signal: terminated",
        128 + 6 => "signal: aborted",
        128 + 11 => "signal: segmentation fault",
        _ => string.Create(CultureInfo.InvariantCulture, $"exit status {exitCode}"),
    };

    /// <summary>The error JSON Lambda returns for failures it detects itself.</summary>
    public static byte[] ErrorJson(string errorType, string errorMessage)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", errorMessage);
            writer.WriteString("errorType", errorType);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static InvocationResult Result(
        string requestId,
        FunctionErrorKind kind,
        string errorType,
        string errorMessage) =>
        new()
        {
            RequestId = requestId,
            Payload = ErrorJson(errorType, errorMessage),
            Error = kind,
            ErrorType = errorType,
            ErrorMessage = errorMessage,
        };

    /// <summary>
    /// The Error Type Lambda reports for a failure a runtime posted, from its Lambda-Runtime-Function-Error-Type
    /// header alone: kept when it holds "Runtime." or "Function." and a capitalised word, else Function.Unknown
    /// for one starting "Function.", else Runtime.Unknown (no header, "InvalidOperationException", "Shell.Failure").
    /// </summary>
    /// <remarks>
    /// As RAPID, AWS's runtime interface, does for both /init/error and /invocation/{id}/error
    /// (GetValidRuntimeOrFunctionErrorType in lambda/fatalerror of aws/aws-lambda-runtime-interface-emulator): the
    /// body's errorType is never read for it, and the body is passed to the caller as it came. The pattern is not
    /// anchored there (Go's MatchString finds it anywhere, so "My.Runtime.Failure" is kept whole), and is not
    /// anchored here. Limitation: AWS's newer code for Lambda Managed Instances anchors it (^...$); which one a
    /// default Lambda function runs today is not published, so the emulator follows the one its code names.
    /// </remarks>
    public static string ValidErrorType(string? header)
    {
        if (header is not null && ErrorTypePattern().IsMatch(header))
        {
            return header;
        }

        return header?.StartsWith("Function.", StringComparison.Ordinal) == true ? FunctionUnknownType : UnknownType;
    }

    /// <summary>Reads errorType and errorMessage from an error body a runtime posted, when it is JSON.</summary>
    public static (string? Type, string? Message) ReadErrorBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, PayloadReaderOptions);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var root = document.RootElement;
            return (StringProperty(root, "errorType"), StringProperty(root, "errorMessage"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    public static bool IsJson(ReadOnlySpan<byte> payload, out string? problem)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, PayloadReaderOptions);
            if (!reader.Read())
            {
                problem = "the payload is empty";
                return false;
            }

            reader.Skip();
            if (reader.Read())
            {
                problem = "unexpected content after the JSON value";
                return false;
            }

            problem = null;
            return true;
        }
        catch (JsonException exception)
        {
            problem = exception.Message;
            return false;
        }
    }

    /// <summary>
    /// The error type as the emulator's logs name a failed invocation's error: "X during init" when the function
    /// never got past its init, so the one line that reports a failure also says in which phase it came.
    /// </summary>
    /// <remarks>The type is the one a developer looks for (<see cref="InvocationResult.ShownErrorType"/>).</remarks>
    public static string LoggedType(InvocationResult result)
    {
        var type = result.ShownErrorType ?? "Unknown";
        return result.Error == FunctionErrorKind.InitError ? $"{type} during init" : type;
    }

    /// <summary>Whether a failure comes from the function (X-Amz-Function-Error) rather than the service.</summary>
    public static bool IsFunctionError(FunctionErrorKind kind) => kind is FunctionErrorKind.Unhandled
        or FunctionErrorKind.InitError
        or FunctionErrorKind.Timeout
        or FunctionErrorKind.RuntimeExit
        or FunctionErrorKind.ResponseTooLarge;

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [GeneratedRegex(@"(Runtime|Function)\.[A-Z][a-zA-Z]+", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorTypePattern();
}
