using System.Text;
using System.Text.Json.Nodes;
using Stratus.Local.Internal;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// The Error Type of a failure a runtime posts to the Runtime API, taken as RAPID (AWS's runtime interface,
/// aws/aws-lambda-runtime-interface-emulator: lambda/rapi/handler/initerror.go and invocationerror.go, with
/// GetValidRuntimeOrFunctionErrorType in lambda/fatalerror) takes it: from the Lambda-Runtime-Function-Error-Type
/// header only, kept when it matches (Runtime|Function)\.[A-Z][a-zA-Z]+ anywhere, else Function.Unknown or
/// Runtime.Unknown. The body is never read for it, and reaches the caller unchanged.
/// </summary>
public sealed class RuntimeErrorTypeTests
{
    [Theory]
    [InlineData("Runtime.MyCustomErrorTypeHere", "Runtime.MyCustomErrorTypeHere")]
    [InlineData("Function.MyCustomErrorTypeHere", "Function.MyCustomErrorTypeHere")]
    [InlineData("", "Runtime.Unknown")]
    [InlineData(null, "Runtime.Unknown")]
    [InlineData("MyCustomError", "Runtime.Unknown")]
    [InlineData("MyCustomError.Error", "Runtime.Unknown")]
    [InlineData("InvalidOperationException", "Runtime.Unknown")]
    [InlineData("Function.lowerCase", "Function.Unknown")]
    [InlineData("Function.", "Function.Unknown")]
    [InlineData("Runtime.lowerCase", "Runtime.Unknown")]
    [InlineData("Runtime.A", "Runtime.Unknown")]
    [InlineData("Sandbox.Timedout", "Runtime.Unknown")]

    // Go's regexp.MatchString finds the pattern anywhere: RAPID keeps these whole.
    [InlineData("My.Runtime.Failure", "My.Runtime.Failure")]
    [InlineData("Runtime.Ab1", "Runtime.Ab1")]
    [InlineData("TestRuntime.InitError", "TestRuntime.InitError")]
    public void ValidErrorType_HeaderValue_IsWhatRapidKeeps(string? header, string expected)
    {
        Assert.Equal(expected, LambdaErrors.ValidErrorType(header));
    }

    [Theory]
    [InlineData("Function.NotReady", "Function.NotReady")]
    [InlineData("InvalidOperationException", "Runtime.Unknown")]
    [InlineData("Function.notReady", "Function.Unknown")]
    [InlineData(null, "Runtime.Unknown")]
    public async Task InvocationError_ErrorTypeHeader_IsTheErrorTypeWhateverTheBodySays(
        string? header, string expected)
    {
        await using var test = await TestCloud.StartAsync(Create("fail", "throw"));
        var body = """{"errorMessage":"not yet","errorType":"Function.FromTheBody"}""";

        var result = await test.InvokeAsync("fail", ErrorEvent(header, body));

        Assert.Equal(FunctionErrorKind.Unhandled, result.Error);
        Assert.Equal(expected, result.ErrorType);
        Assert.Equal("not yet", result.ErrorMessage);
        Assert.Equal(body, Encoding.UTF8.GetString(result.Payload.Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain text, not JSON")]
    [InlineData("""["an","array"]""")]
    public async Task InvocationError_BodyEmptyOrNotAnErrorObject_ReachesTheCallerUnchanged(string body)
    {
        // RAPID passes the body through as the error payload; nothing is made up in its place.
        await using var test = await TestCloud.StartAsync(Create("fail", "throw"));

        var result = await test.InvokeAsync("fail", ErrorEvent("Function.Odd", body));

        Assert.Equal("Function.Odd", result.ErrorType);
        Assert.Equal(body, Encoding.UTF8.GetString(result.Payload.Span));
    }

    [Fact]
    public async Task InvocationError_DotNetExceptionName_ReportsRuntimeUnknownAndKeepsTheBodysType()
    {
        // AWS's .NET runtime sends the exception's type name as the header; Lambda keeps only Runtime.X/Function.X.
        await using var test = await TestCloud.StartAsync(Create("fail", "throw"));

        var result = await test.InvokeAsync("fail");

        Assert.Equal("Runtime.Unknown", result.ErrorType);
        Assert.Equal("InvalidOperationException", Json.Parse(result.Payload)["errorType"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException", result.PayloadErrorType);
    }

    [Theory]
    [InlineData("", "Runtime.Unknown")]
    [InlineData("Function.ConfigMissing", "Function.ConfigMissing")]
    [InlineData("TestRuntime.InitError", "TestRuntime.InitError")]
    [InlineData("InitError", "Runtime.Unknown")]
    public async Task InitError_ErrorTypeHeader_IsTheErrorTypeOfInitReportAndReport(string header, string expected)
    {
        var broken = Create("broken", "init-error") with
        {
            Environment = new Dictionary<string, string> { ["STRATUS_TEST_INIT_ERROR_TYPE"] = header },
        };
        await using var test = await TestCloud.StartAsync(broken);

        var result = await test.InvokeAsync("broken");

        Assert.Equal(FunctionErrorKind.InitError, result.Error);
        Assert.Equal(expected, result.ErrorType);
        var status = $"Status: error\tError Type: {expected}\t";
        Assert.Contains($"\tPhase: init\t{status.TrimEnd('\t')}\n", result.Logs, StringComparison.Ordinal);
        var report = result.Logs!.Split('\n').Single(line => line.StartsWith("REPORT ", StringComparison.Ordinal));
        Assert.EndsWith(status, report, StringComparison.Ordinal);

        // The body the runtime posted is the caller's payload, its own errorType included.
        var payload = Json.Parse(result.Payload);
        Assert.Equal("TestRuntime.InitError", payload["errorType"]!.GetValue<string>());
    }

    private static string ErrorEvent(string? header, string body) =>
        new JsonObject { ["errorTypeHeader"] = header, ["errorBody"] = body }.ToJsonString();
}
