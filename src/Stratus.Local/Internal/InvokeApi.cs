using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Stratus.Local.Internal;

/// <summary>Lambda's Invoke API (<c>POST /2015-03-31/functions/{name}/invocations</c>) for SDKs and CLIs.</summary>
internal sealed partial class InvokeApi
{
    public const string Prefix = "/2015-03-31/functions";
    private const string Suffix = "/invocations";
    private const int TailBytes = 4096;

    /// <summary>The longest X-Amz-Client-Context, in bytes of its Base64 text.</summary>
    public const int MaxClientContextBytes = 3583;

    private static readonly byte[] ThrottledBody =
        """{"Reason":"ReservedFunctionConcurrentInvocationLimitExceeded","Type":"User","message":"Rate Exceeded."}"""u8
            .ToArray();

    private readonly CloudContext _cloud;
    private readonly IReadOnlyList<FunctionPool> _pools;
    private readonly AsyncEventQueue _events;

    public InvokeApi(CloudContext cloud, IReadOnlyList<FunctionPool> pools, AsyncEventQueue events)
    {
        _cloud = cloud;
        _pools = pools;
        _events = events;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var name = path.Length > Prefix.Length + Suffix.Length + 1 && path.EndsWith(Suffix, StringComparison.Ordinal)
            ? path[(Prefix.Length + 1)..^Suffix.Length]
            : null;
        if (name is null || name.Contains('/', StringComparison.Ordinal) || !HttpMethods.IsPost(context.Request.Method))
        {
            await RejectUnknownOperationAsync(context, name ?? path);
            return;
        }

        var qualifier = QueryValue(context.Request.QueryString, "Qualifier");
        if (await FindFunctionAsync(context, name, qualifier) is not ({ } pool, { } reference))
        {
            return;
        }

        var started = _cloud.Time.GetTimestamp();
        await InvokeAsync(context, pool, reference.Qualifier);
        var invocationType = Header(context, "X-Amz-Invocation-Type") ?? "RequestResponse";
        _cloud.WriteRequestLine(
            pool.Function.Key, "Invoke", invocationType, query: null, context.Response.StatusCode, started);
    }

    /// <summary>The first value of the query key spelt exactly <paramref name="name"/>, or null when none is.</summary>
    /// <remarks>
    /// Read case-sensitively, as Lambda binds its members: ASP.NET's Request.Query matches keys in any case, which
    /// would honour '?qualifier=prod', a key Lambda does not know and ignores.
    /// </remarks>
    private static string? QueryValue(QueryString query, string name)
    {
        foreach (var pair in new QueryStringEnumerable(query.Value))
        {
            if (pair.DecodeName().Span.SequenceEqual(name))
            {
                return pair.DecodeValue().ToString();
            }
        }

        return null;
    }

    /// <summary>
    /// The function a FunctionName (and Qualifier) names; when there is none, Lambda's error is written and the
    /// pool is null.
    /// </summary>
    private async Task<(FunctionPool? Pool, FunctionReference? Reference)> FindFunctionAsync(
        HttpContext context,
        string name,
        string? qualifier)
    {
        var parsed = FunctionReference.Parse(name, qualifier, out var invalid);
        if (parsed is null)
        {
            await RejectAsync(context, name, invalid!.StatusCode, invalid.ErrorType, invalid.Message);
            return (null, null);
        }

        var reference = parsed.InSignedRegion(context.Request.Headers.Authorization.FirstOrDefault());
        if (reference is { Region: { } arnRegion, SignedRegion: { } signedRegion } && arnRegion != signedRegion)
        {
            // Lambda's own answer to an ARN of another region than the endpoint's.
            var message = $"Functions from '{arnRegion}' are not reachable in this region ('{signedRegion}')";
            EmulatorLog.InvokeFunctionNotFound(_cloud.Logger, name, message);
            await WriteServiceErrorAsync(context, 404, "ResourceNotFoundException", message);
            return (null, reference);
        }

        var pool = Resolve(reference);
        if (pool is null)
        {
            await WriteNotFoundAsync(context, name, reference);
        }

        return (pool, reference);
    }

    private async Task InvokeAsync(HttpContext context, FunctionPool pool, string? qualifier)
    {
        var key = pool.Function.Key;
        var invocationType = Header(context, "X-Amz-Invocation-Type") ?? "RequestResponse";
        var logType = Header(context, "X-Amz-Log-Type") ?? "None";
        if (invocationType is not ("RequestResponse" or "Event" or "DryRun") || logType is not ("None" or "Tail"))
        {
            var (field, value, allowed) = invocationType is "RequestResponse" or "Event" or "DryRun"
                ? ("logType", logType, "[None, Tail]")
                : ("invocationType", invocationType, "[Event, RequestResponse, DryRun]");
            var message = $"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: " +
                $"Member must satisfy enum value set: {allowed}";
            await RejectAsync(context, key, 400, "ValidationException", message);
            return;
        }

        if (ReadClientContext(Header(context, "X-Amz-Client-Context"), out var clientContext) is { } badContext)
        {
            await RejectAsync(context, key, badContext.StatusCode, badContext.ErrorType, badContext.Message);
            return;
        }

        var isAsync = invocationType == "Event";
        var limit = isAsync ? LambdaErrors.MaxAsyncRequestBytes : LambdaErrors.MaxSyncRequestBytes;
        var (payload, length, _) = await BodyReader.ReadAsync(context, limit);

        // API_Invoke: "Lambda passes the ClientContext object to your function for synchronous invocations only."
        var passedContext = isAsync ? null : clientContext;
        // An X-Ray trace header from the caller is continued, as Lambda's PassThrough tracing mode does.
        var invocation = InvokeRequest.Prepare(
            payload, length, isAsync, _cloud, passedContext, out var refusal, qualifier,
            Header(context, "X-Amzn-Trace-Id"));
        if (invocation is null)
        {
            var status = refusal!.Error == FunctionErrorKind.RequestTooLarge ? 413 : 400;
            await RejectAsync(context, key, status, refusal.ErrorType!, refusal.ErrorMessage!);
            return;
        }

        if (invocationType == "DryRun")
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            context.Response.Headers["x-amzn-RequestId"] = invocation.RequestId;
            return;
        }

        if (isAsync)
        {
            _events.Submit(pool, invocation, "Invoke API");
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers["x-amzn-RequestId"] = invocation.RequestId;
            context.Response.ContentLength = 0;
            return;
        }

        var result = await pool.InvokeAsync(invocation, context.RequestAborted);
        await WriteResultAsync(context, key, result, tail: logType == "Tail");
    }

    private async Task WriteResultAsync(HttpContext context, string functionKey, InvocationResult result, bool tail)
    {
        if (result.Error == FunctionErrorKind.Throttled)
        {
            await WriteJsonAsync(
                context,
                429,
                "TooManyRequestsException",
                ThrottledBody);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = result.RequestId;
        response.Headers["X-Amz-Executed-Version"] = "$LATEST";
        if (result.Error is { } error && LambdaErrors.IsFunctionError(error))
        {
            response.Headers["X-Amz-Function-Error"] = "Unhandled";
            var errorType = LambdaErrors.LoggedType(result);
            var errorMessage = result.ErrorMessage ?? "";
            EmulatorLog.InvokeFailed(_cloud.Logger, functionKey, result.RequestId, errorType, errorMessage);
        }

        if (tail)
        {
            var tailBytes = LastBytes(result.Logs ?? string.Empty, TailBytes);
            response.Headers["X-Amz-Log-Result"] = Convert.ToBase64String(tailBytes);
        }

        response.ContentLength = result.Payload.Length;
        await response.Body.WriteAsync(result.Payload, context.RequestAborted);
    }

    /// <summary>The last <paramref name="count"/> UTF-8 bytes of a log, starting on a whole character.</summary>
    private static byte[] LastBytes(string text, int count)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var start = Math.Max(0, bytes.Length - count);
        while (start < bytes.Length && (bytes[start] & 0xC0) == 0x80)
        {
            start++;
        }

        return bytes[start..];
    }

    /// <summary>The pool serving the function of that deployed name, or null when none does.</summary>
    /// <remarks>
    /// Only the deployed name (<c>service-stage-key</c>, or the function's <c>name:</c>) finds a function, as in
    /// AWS: a serverless.yml key that worked here would fail there. Limitation: only $LATEST runs locally; any
    /// other version or alias answers 404, as an unknown one does in AWS.
    /// </remarks>
    private FunctionPool? Resolve(FunctionReference reference)
    {
        if (IsElsewhere(reference) || reference.Qualifier is not (null or "$LATEST"))
        {
            return null;
        }

        return _pools.FirstOrDefault(pool => pool.Function.Name == reference.Name);
    }

    private static bool IsKeyOnly(FunctionPool pool, string name) =>
        pool.Function.Key == name && pool.Function.Name != name;

    private bool IsElsewhere(FunctionReference reference) =>
        (reference.Region is { } region && region != _cloud.Options.Region)
        || (reference.AccountId is { } account && account != _cloud.Options.AccountId);

    /// <summary>
    /// Lambda's 404 for a function it does not know, followed by what most likely went wrong locally: the usual
    /// cause is a name, region, account or qualifier that AWS would serve but this local cloud does not.
    /// </summary>
    private Task WriteNotFoundAsync(HttpContext context, string functionName, FunctionReference reference)
    {
        var message = "Function not found: " + MissingArn(reference);
        var byKey = IsElsewhere(reference) ? null : _pools.FirstOrDefault(pool => IsKeyOnly(pool, reference.Name));
        if (byKey is not null)
        {
            var deployedName = byKey.Function.Name;
            EmulatorLog.InvokeFunctionCalledByKey(_cloud.Logger, reference.Name, deployedName);
            message += $". '{reference.Name}' is the serverless.yml key of function '{deployedName}'; " +
                "call it by that name.";
            return WriteServiceErrorAsync(context, 404, "ResourceNotFoundException", message);
        }

        var hint = NotFoundHint(reference);
        EmulatorLog.InvokeFunctionNotFound(_cloud.Logger, functionName, hint);
        return WriteServiceErrorAsync(context, 404, "ResourceNotFoundException", $"{message}. {hint}");
    }

    /// <summary>Why a function AWS might serve under that reference is not served here, and what to call.</summary>
    private string NotFoundHint(FunctionReference reference)
    {
        var options = _cloud.Options;
        if (reference is { Region: { } signed, RegionFromSignature: true } && signed != options.Region)
        {
            return $"The request was signed for region '{signed}', and the local cloud serves region " +
                $"'{options.Region}' (the --region option, else provider.region): set the client's region to " +
                $"'{options.Region}' (AWS_REGION, or --region for the AWS CLI), as AWS would find no such function " +
                $"in '{signed}'.";
        }

        if (reference.Region is { } region && region != options.Region)
        {
            return $"The local cloud serves region '{options.Region}' (the --region option, else provider.region), " +
                $"not '{region}': call the function by its name, or use region '{options.Region}' in the ARN.";
        }

        if (reference.AccountId is { } account && account != options.AccountId)
        {
            return $"The local cloud's account is '{options.AccountId}', not '{account}': call the function by " +
                "its name, or use that account in the ARN.";
        }

        var named = _pools.FirstOrDefault(pool => pool.Function.Name == reference.Name);
        if (named is not null)
        {
            return $"Only $LATEST runs locally; version or alias '{reference.Qualifier}' of '{reference.Name}' is " +
                "not served: call it without a qualifier (or with $LATEST).";
        }

        // Another stage's name (service-prod-key), or the default name of a function that sets its own `name:`.
        var sameKey = _pools.FirstOrDefault(pool =>
            reference.Name.EndsWith("-" + pool.Function.Key, StringComparison.Ordinal));
        if (sameKey is not null)
        {
            return $"Function '{sameKey.Function.Key}' of serverless.yml is served here as " +
                $"'{sameKey.Function.Name}' (its name in this stage, or its own `name:`): call it by that name.";
        }

        return ServedNames();
    }

    private string ServedNames()
    {
        const int Shown = 10;
        var names = _pools.Select(pool => $"'{pool.Function.Name}'").ToList();
        if (names.Count == 0)
        {
            return "The local cloud serves no function.";
        }

        var more = names.Count > Shown ? $" and {names.Count - Shown} more" : string.Empty;
        return $"Functions served here: {string.Join(", ", names.Take(Shown))}{more}.";
    }

    /// <summary>The ARN Lambda names in its 404, in the region and account the request gave.</summary>
    private string MissingArn(FunctionReference reference)
    {
        var region = reference.Region ?? _cloud.Options.Region;
        var account = reference.AccountId ?? _cloud.Options.AccountId;
        var qualifier = reference.Qualifier is { } given ? ":" + given : string.Empty;
        return $"arn:aws:lambda:{region}:{account}:function:{reference.Name}{qualifier}";
    }

    /// <summary>Decodes X-Amz-Client-Context into its JSON, or returns the error Lambda answers for it.</summary>
    private static InvokeApiError? ReadClientContext(string? header, out string? clientContext)
    {
        clientContext = null;
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        // API_Invoke's ClientContext: "Up to 3,583 bytes of base64-encoded data". The limit is on the Base64 text
        // as sent, not on the JSON it decodes to: the older wording ("The ClientContext JSON must be base64-encoded
        // and has a maximum size of 3583 bytes") read either way, and AWS reworded it to this in 2024
        // (https://github.com/aws/aws-sdk/issues/679). Padded Base64 comes in fours, so 3,580 is the longest
        // encoding that fits, of 2,685 bytes of JSON.
        // Lambda documents no error for a larger one. InvalidRequestContentException (400) is its error for "a
        // request header is invalid", and the one it answers for a client context that is not Base64 JSON, so it
        // is the likeliest; the exact type and message AWS sends are not known.
        var size = Encoding.UTF8.GetByteCount(header);
        if (size > MaxClientContextBytes)
        {
            return new InvokeApiError(
                400,
                "InvalidRequestContentException",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Client context must be at most {MaxClientContextBytes} bytes of Base64-encoded data; " +
                    $"it is {size} bytes."));
        }

        return TryDecodeClientContext(header, out clientContext)
            ? null
            : new InvokeApiError(
                400,
                "InvalidRequestContentException",
                "Client context must be a valid Base64-encoded JSON object.");
    }

    private static bool TryDecodeClientContext(string header, out string? clientContext)
    {
        clientContext = null;
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            clientContext = HeaderSafeJson(document.RootElement);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return false;
        }
    }

    /// <summary>The same JSON, minified and with every character outside printable ASCII escaped.</summary>
    /// <remarks>
    /// The runtime gets the context in its Lambda-Runtime-Client-Context header, which can carry neither the line
    /// breaks of a pretty-printed context nor raw UTF-8; the default encoder escapes both (and DEL), as
    /// <c>invoke local --context</c> sends it.
    /// </remarks>
    private static string HeaderSafeJson(JsonElement root)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            root.WriteTo(writer);
        }

        return Encoding.ASCII.GetString(buffer.WrittenSpan);
    }

    private static string? Header(HttpContext context, string name)
    {
        var value = context.Request.Headers[name].ToString();
        return value.Length > 0 ? value : null;
    }

    private Task RejectAsync(HttpContext context, string functionName, int statusCode, string errorType, string message)
    {
        EmulatorLog.InvokeRejected(_cloud.Logger, functionName, errorType, message);
        return WriteServiceErrorAsync(context, statusCode, errorType, message);
    }

    private static Task WriteServiceErrorAsync(HttpContext context, int statusCode, string errorType, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, LambdaErrors.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("Type", "User");
            writer.WriteString("Message", message);
            writer.WriteEndObject();
        }

        return WriteJsonAsync(context, statusCode, errorType, buffer.WrittenSpan.ToArray());
    }

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, string errorType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.Headers["x-amzn-ErrorType"] = errorType;
        response.Headers["x-amzn-RequestId"] = CloudContext.NewRequestId();
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
