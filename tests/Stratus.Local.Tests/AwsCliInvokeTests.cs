using System.Text;
using System.Text.RegularExpressions;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>
/// The real AWS CLI's <c>aws lambda invoke</c> against the local cloud's Invoke API, unchanged but for
/// <c>--endpoint-url</c>: the CLI is the reference, so a failure here is a wire-format bug in Stratus.
/// </summary>
public sealed partial class AwsCliInvokeTests
{
    [Fact]
    public async Task AwsLambdaInvoke_RequestResponse_WritesAnswerAndPrintsStatus200AndLatestVersion()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var aws = await AwsCli.ForAsync(test);

        var result = await aws.RunAsync(Invoke(aws, "svc-dev-echo", """{"n":1}""", "out.json"));

        var printed = result.Output();
        Assert.Equal(200, printed["StatusCode"]!.GetValue<int>());
        Assert.Equal("$LATEST", printed["ExecutedVersion"]!.GetValue<string>());
        Assert.Null(printed["FunctionError"]);
        var answer = Json.Parse(await File.ReadAllTextAsync(aws.PathOf("out.json")));
        Assert.Equal(1, answer["event"]!["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task AwsLambdaInvoke_LogTypeTail_PrintsLogResultDecodingToStartEndReport()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var aws = await AwsCli.ForAsync(test);

        var result = await aws.RunAsync([.. Invoke(aws, "svc-dev-echo", "{}", "out.json"), "--log-type", "Tail"]);

        var logResult = result.Output()["LogResult"]!.GetValue<string>();
        var tail = Encoding.UTF8.GetString(Convert.FromBase64String(logResult));
        var requestId = StartLine().Match(tail).Groups["id"].Value;
        Assert.NotEmpty(requestId);
        Assert.Contains($"END RequestId: {requestId}", tail, StringComparison.Ordinal);
        Assert.Contains($"REPORT RequestId: {requestId}", tail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsLambdaInvoke_FunctionThrows_PrintsUnhandledAndWritesTheError()
    {
        await using var test = await TestCloud.StartAsync(Create("fail", "throw"));
        using var aws = await AwsCli.ForAsync(test);

        var result = await aws.RunAsync(Invoke(aws, "svc-dev-fail", "{}", "out.json"));

        var printed = result.Output();
        Assert.Equal(200, printed["StatusCode"]!.GetValue<int>());
        Assert.Equal("Unhandled", printed["FunctionError"]!.GetValue<string>());
        var error = Json.Parse(await File.ReadAllTextAsync(aws.PathOf("out.json")));
        Assert.Equal("InvalidOperationException", error["errorType"]!.GetValue<string>());
        Assert.Equal("Something went wrong", error["errorMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task AwsLambdaInvoke_InvocationTypeEvent_PrintsStatus202()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var aws = await AwsCli.ForAsync(test);

        var result = await aws.RunAsync(
            [.. Invoke(aws, "svc-dev-echo", "{}", "out.json"), "--invocation-type", "Event"]);

        Assert.Equal(202, result.Output()["StatusCode"]!.GetValue<int>());
        await test.Output.WaitForLineAsync(line => line.StartsWith("echo: handling ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AwsLambdaInvoke_InvocationTypeDryRun_PrintsStatus204()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var aws = await AwsCli.ForAsync(test);

        var result = await aws.RunAsync(
            [.. Invoke(aws, "svc-dev-echo", "{}", "out.json"), "--invocation-type", "DryRun"]);

        Assert.Equal(204, result.Output()["StatusCode"]!.GetValue<int>());
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }

    [Fact]
    public async Task AwsLambdaInvoke_UnknownFunction_ExitsNonZeroNamingResourceNotFound()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var aws = await AwsCli.ForAsync(test);

        var result = await aws.RunAsync(Invoke(aws, "nope", "{}", "out.json"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ResourceNotFoundException", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Function not found: arn:aws:lambda:", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsLambdaInvoke_ServerlessKey_ExitsNonZeroNamingTheDeployedName()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var aws = await AwsCli.ForAsync(test);

        var result = await aws.RunAsync(Invoke(aws, "echo", "{}", "out.json"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ResourceNotFoundException", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(
            "'echo' is the serverless.yml key of function 'svc-dev-echo'; call it by that name.",
            result.StandardError,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsLambdaInvoke_Payload7Mb_ReportsRequestEntityTooLarge()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var aws = await AwsCli.ForAsync(test);
        var payloadFile = aws.PathOf("payload.json");
        await File.WriteAllTextAsync(payloadFile, "\"" + new string('x', 7 * 1024 * 1024) + "\"");

        // A file, because one command-line argument may not exceed 128 KB on Linux.
        var result = await aws.RunAsync(
            "lambda",
            "invoke",
            "--function-name",
            "svc-dev-echo",
            "--payload",
            "fileb://" + payloadFile,
            "out.json");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("RequestEntityTooLargeException", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }

    private static string[] Invoke(AwsCli aws, string function, string payload, string outFile) =>
        ["lambda", "invoke", "--function-name", function, .. aws.Payload(payload), outFile];

    [GeneratedRegex("START RequestId: (?<id>[0-9a-f-]+)")]
    private static partial Regex StartLine();
}
