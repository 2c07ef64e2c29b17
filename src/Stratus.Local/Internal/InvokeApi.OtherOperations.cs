using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Stratus.Local.Internal;

/// <summary>
/// The Lambda API's other operations: InvokeAsync is served, and every other one is answered as not emulated,
/// so that an SDK call never reaches a user's catch-all route and its gateway 404.
/// </summary>
internal sealed partial class InvokeApi
{
    // The resources under Lambda's dated API versions (2014-11-13 for InvokeAsync, 2015-03-31, 2016-08-19, ...,
    // 2021-11-15 for InvokeWithResponseStream): the version changes per operation, the resource names do not.
    private static readonly HashSet<string> LambdaResources = new(StringComparer.Ordinal)
    {
        "functions", "layers", "event-source-mappings", "tags", "account-settings", "code-signing-configs",
    };

    /// <summary>
    /// Whether a path is one of the Lambda API's, a dated version followed by one of its resources, such as
    /// <c>/2021-11-15/functions/{name}/response-streaming-invocations</c>.
    /// </summary>
    /// <remarks>
    /// Limitation: in AWS the Lambda API and an API Gateway API have hosts of their own; locally they share one
    /// port, so a user's route under such a path (<c>/2024-01-31/functions/...</c>) is answered by this API.
    /// </remarks>
    public static bool IsLambdaApiPath(PathString path)
    {
        var segments = (path.Value ?? string.Empty).Split('/', 4);
        return segments.Length >= 3
            && segments[0].Length == 0
            && ApiVersion().IsMatch(segments[1])
            && LambdaResources.Contains(segments[2]);
    }

    /// <summary>Serves InvokeAsync, and answers any other Lambda operation as not emulated.</summary>
    public async Task HandleOtherAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (InvokeAsyncPath().Match(path) is not { Success: true } match || !HttpMethods.IsPost(context.Request.Method))
        {
            await RejectUnknownOperationAsync(context, path);
            return;
        }

        if (await FindFunctionAsync(context, match.Groups[1].Value, qualifier: null) is not ({ } pool, _))
        {
            return;
        }

        var started = _cloud.Time.GetTimestamp();
        await InvokeAsyncOperationAsync(context, pool);
        _cloud.WriteRequestLine(
            pool.Function.Key, "InvokeAsync", "Event", query: null, context.Response.StatusCode, started);
    }

    /// <summary>
    /// InvokeAsync, which AWS deprecates but still documents and serves (API_InvokeAsync): an Event invocation
    /// that answers 202 with <c>{"Status":202}</c>. It is served rather than refused because `aws lambda
    /// invoke-async` and older SDKs still send it, and an Event invocation is already here to run it.
    /// </summary>
    private async Task InvokeAsyncOperationAsync(HttpContext context, FunctionPool pool)
    {
        var (payload, length, _) = await BodyReader.ReadAsync(context, LambdaErrors.MaxAsyncRequestBytes);
        var invocation = InvokeRequest.Prepare(payload, length, isAsync: true, _cloud, null, out var refusal);
        if (invocation is null)
        {
            var status = refusal!.Error == FunctionErrorKind.RequestTooLarge ? 413 : 400;
            await RejectAsync(context, pool.Function.Key, status, refusal.ErrorType!, refusal.ErrorMessage!);
            return;
        }

        _events.Submit(pool, invocation, "InvokeAsync API");
        var body = """{"Status":202}"""u8.ToArray();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status202Accepted;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = invocation.RequestId;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private Task RejectUnknownOperationAsync(HttpContext context, string functionName)
    {
        var message = $"Operation {context.Request.Method} {context.Request.Path.Value} is not emulated; only " +
            "Invoke (POST /2015-03-31/functions/{name}/invocations) and InvokeAsync " +
            "(POST /2014-11-13/functions/{name}/invoke-async/) are served";
        return RejectAsync(context, functionName, 404, "UnknownOperationException", message);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z")]
    private static partial Regex ApiVersion();

    [GeneratedRegex(@"^/2014-11-13/functions/([^/]+)/invoke-async/?\z")]
    private static partial Regex InvokeAsyncPath();
}
