using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stratus.Local.Tests.Support;
using static Stratus.Local.Tests.Support.TestFunctions;

namespace Stratus.Local.Tests;

/// <summary>Lambda's Invoke API on the local cloud's port, as AWS SDKs and CLIs call it.</summary>
public sealed class InvokeApiTests
{
    [Fact]
    public async Task InvokeApi_EachCall_WritesItsTypeStatusAndDurationUnderTheFunctionName()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var sync = Invoke("svc-dev-echo", "{}");
        using var dryRun = Invoke("svc-dev-echo", "{}");
        dryRun.Headers.Add("X-Amz-Invocation-Type", "DryRun");

        using var answered = await test.Client.SendAsync(sync);
        using var checkedOnly = await test.Client.SendAsync(dryRun);

        // The line is written once the answer is sent, so the client can read the answer first: wait for it.
        const string SyncLine = @"^\[echo\] Invoke RequestResponse -> 200 \(\d+\.\d\d ms\)$";
        const string DryRunLine = @"^\[echo\] Invoke DryRun -> 204 \(\d+\.\d\d ms\)$";
        await test.Output.WaitForShownLineAsync(line => Regex.IsMatch(line, DryRunLine));
        await test.Output.WaitForShownLineAsync(line => Regex.IsMatch(line, SyncLine));
        Assert.Single(test.Output.Lines, line => Regex.IsMatch(line, SyncLine));
        Assert.Single(test.Output.Lines, line => Regex.IsMatch(line, DryRunLine));
    }

    [Fact]
    public async Task InvokeApi_RequestResponseWithTail_Returns200PayloadAndLogTail()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var request = Invoke("svc-dev-echo", """{"n":1}""");
        request.Headers.Add("X-Amz-Log-Type", "Tail");

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("$LATEST", response.Headers.GetValues("X-Amz-Executed-Version").Single());
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        Assert.Equal(1, (await Json.ReadAsync(response))["event"]!["n"]!.GetValue<int>());
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        var logResult = response.Headers.GetValues("X-Amz-Log-Result").Single();
        var tail = Encoding.UTF8.GetString(Convert.FromBase64String(logResult));
        Assert.Contains($"START RequestId: {requestId}", tail, StringComparison.Ordinal);
        Assert.Contains($"echo: handling {requestId}", tail, StringComparison.Ordinal);
        Assert.Contains($"REPORT RequestId: {requestId}", tail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeApi_FunctionThrows_Returns200WithFunctionErrorHeader()
    {
        await using var test = await TestCloud.StartAsync(Create("fail", "throw"));

        using var response = await test.Client.SendAsync(Invoke("svc-dev-fail", "{}"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues("X-Amz-Function-Error").Single());
        var error = await Json.ReadAsync(response);
        Assert.Equal("Something went wrong", error["errorMessage"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException", error["errorType"]!.GetValue<string>());
        Assert.Equal("at Handler.Handle()", error["stackTrace"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeApi_UnknownFunction_Answers404ResourceNotFound()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));

        using var response = await test.Client.SendAsync(Invoke("nope", "{}"));

        var arn = $"arn:aws:lambda:{TestCloud.Region}:{TestCloud.AccountId}:function:nope";
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(
            $$"""{"Type":"User","Message":"Function not found: {{arn}}. Functions served here: 'svc-dev-echo'."}""",
            await response.Content.ReadAsStringAsync());
        var logged = Assert.Single(test.Logs.Entries, entry => entry.EventId == 2201);
        Assert.Equal(
            "Invoke API: no function is served as 'nope'. Functions served here: 'svc-dev-echo'.", logged.Message);
    }

    // Lambda's endpoints are regional: a plain name signed for another region names a function of that region.
    [Fact]
    public async Task InvokeApi_NameSignedForAnotherRegion_Answers404NamingTheRegionToSignFor()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));

        using var elsewhere = await test.Client.SendAsync(Signed(Invoke("svc-dev-echo", "{}"), "ap-south-1"));
        using var here = await test.Client.SendAsync(Signed(Invoke("svc-dev-echo", "{}"), TestCloud.Region));

        Assert.Equal(404, (int)elsewhere.StatusCode);
        var message = (await Json.ReadAsync(elsewhere))["Message"]!.GetValue<string>();
        Assert.StartsWith(
            $"Function not found: arn:aws:lambda:ap-south-1:{TestCloud.AccountId}:function:svc-dev-echo. " +
            "The request was signed for region 'ap-south-1'",
            message,
            StringComparison.Ordinal);
        Assert.Contains($"set the client's region to '{TestCloud.Region}'", message, StringComparison.Ordinal);
        Assert.Equal(200, (int)here.StatusCode);
    }

    // Lambda's answer, as callers have logged it (alexcasalboni/aws-lambda-power-tuning#18, Fraudmarc#21).
    [Fact]
    public async Task InvokeApi_ArnOfAnotherRegionThanTheSignature_Answers404NotReachableInThisRegion()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        var arn = $"arn:aws:lambda:{TestCloud.Region}:{TestCloud.AccountId}:function:svc-dev-echo";

        using var response = await test.Client.SendAsync(Signed(Invoke(arn, "{}"), "ap-south-1"));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(
            $"Functions from '{TestCloud.Region}' are not reachable in this region ('ap-south-1')",
            (await Json.ReadAsync(response))["Message"]!.GetValue<string>());
    }

    // What AWS would serve but this local cloud does not gets Lambda's 404, then the likely local cause.
    [Theory]
    [InlineData(
        "arn:aws:lambda:us-west-2:123456789012:function:svc-dev-pid",
        "arn:aws:lambda:us-west-2:123456789012:function:svc-dev-pid",
        "The local cloud serves region 'eu-west-1' (the --region option, else provider.region), not 'us-west-2': " +
        "call the function by its name, or use region 'eu-west-1' in the ARN.")]
    [InlineData(
        "999999999999:function:svc-dev-pid",
        "arn:aws:lambda:eu-west-1:999999999999:function:svc-dev-pid",
        "The local cloud's account is '123456789012', not '999999999999': call the function by its name, or use " +
        "that account in the ARN.")]
    [InlineData(
        "svc-prod-pid",
        "arn:aws:lambda:eu-west-1:123456789012:function:svc-prod-pid",
        "Function 'pid' of serverless.yml is served here as 'svc-dev-pid' (its name in this stage, or its own " +
        "`name:`): call it by that name.")]
    public async Task InvokeApi_FunctionAwsWouldServeElsewhere_Answers404SayingWhatIsServedHere(
        string target,
        string missingArn,
        string hint)
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));

        using var response = await test.Client.SendAsync(Invoke(Uri.EscapeDataString(target), "{}"));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(
            $$"""{"Type":"User","Message":"Function not found: {{missingArn}}. {{hint}}"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InvokeApi_DefaultNameOfAFunctionWithItsOwnName_Answers404NamingItsName()
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid") with { Name = "my-pid" });

        using var response = await test.Client.SendAsync(Invoke("svc-dev-pid", "{}"));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Contains(
            "Function 'pid' of serverless.yml is served here as 'my-pid'",
            await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeApi_FunctionByDeployedNameOrArn_IsFound()
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));
        var arn = $"arn:aws:lambda:{TestCloud.Region}:{TestCloud.AccountId}:function:svc-dev-pid";

        using var byName = await test.Client.SendAsync(Invoke("svc-dev-pid", "{}"));
        using var byArn = await test.Client.SendAsync(Invoke(Uri.EscapeDataString(arn), "{}"));
        using var byOtherQualifier = await test.Client.SendAsync(Invoke("svc-dev-pid?Qualifier=live", "{}"));

        Assert.Equal(200, (int)byName.StatusCode);
        Assert.Equal(200, (int)byArn.StatusCode);
        Assert.Equal(404, (int)byOtherQualifier.StatusCode);
    }

    // FunctionName takes a name, name:qualifier, a partial ARN or a full ARN, each with or without a qualifier,
    // and Qualifier may repeat it: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
    [Theory]
    [InlineData("svc-dev-pid")]
    [InlineData("svc-dev-pid:$LATEST")]
    [InlineData("svc-dev-pid:%24LATEST")]
    [InlineData("svc-dev-pid?Qualifier=$LATEST")]
    [InlineData("svc-dev-pid?Qualifier=%24LATEST")]
    [InlineData("svc-dev-pid:$LATEST?Qualifier=$LATEST")]
    [InlineData("123456789012:function:svc-dev-pid")]
    [InlineData("123456789012:function:svc-dev-pid:$LATEST")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:svc-dev-pid:$LATEST")]
    [InlineData("arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Asvc-dev-pid%3A%24LATEST")]
    public async Task InvokeApi_FunctionNameInAnyDocumentedForm_IsFound(string target)
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));

        using var response = await test.Client.SendAsync(Invoke(target, "{}"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True((await Json.ReadAsync(response))["pid"]!.GetValue<int>() > 0);
    }

    // FunctionName names the deployed function; a serverless.yml key is no name in AWS, so it is not one here either,
    // and the 404 says which name the caller most likely meant.
    [Theory]
    [InlineData("pid", "pid")]
    [InlineData("pid:$LATEST", "pid:$LATEST")]
    [InlineData("pid?Qualifier=$LATEST", "pid:$LATEST")]
    [InlineData("123456789012:function:pid", "pid")]
    [InlineData("arn:aws:lambda:eu-west-1:123456789012:function:pid", "pid")]
    public async Task InvokeApi_ServerlessKeyInAnyForm_Answers404NamingTheDeployedName(string target, string missing)
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));

        using var response = await test.Client.SendAsync(Invoke(target, "{}"));

        var arn = $"arn:aws:lambda:{TestCloud.Region}:{TestCloud.AccountId}:function:{missing}";
        var hint = "'pid' is the serverless.yml key of function 'svc-dev-pid'; call it by that name.";
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(
            $$"""{"Type":"User","Message":"Function not found: {{arn}}. {{hint}}"}""",
            await response.Content.ReadAsStringAsync());
        Assert.Empty(test.Cloud.GetProcessIds("pid"));
        Assert.Contains(test.Logs.Entries, entry => entry.EventId == 2204);
    }

    [Fact]
    public async Task InvokeApi_KeyInAnotherAccount_Answers404WithTheAccountHintNotTheKeyHint()
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));

        using var response = await test.Client.SendAsync(Invoke("000000000000:function:pid", "{}"));

        Assert.Equal(404, (int)response.StatusCode);
        var message = (await Json.ReadAsync(response))["Message"]!.GetValue<string>();
        Assert.StartsWith(
            "Function not found: arn:aws:lambda:eu-west-1:000000000000:function:pid. The local cloud's account is",
            message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("serverless.yml key", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeApi_FunctionWhoseNameIsItsKey_IsFoundByIt()
    {
        var function = Create("pid", "pid") with { Name = "pid" };
        await using var test = await TestCloud.StartAsync(function);

        using var response = await test.Client.SendAsync(Invoke("pid", "{}"));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("svc-dev-pid:live", "svc-dev-pid:live")]
    [InlineData("svc-dev-pid?Qualifier=live", "svc-dev-pid:live")]
    [InlineData("123456789012:function:svc-dev-pid:7", "svc-dev-pid:7")]
    public async Task InvokeApi_UnknownVersionOrAlias_Answers404NamingTheQualifiedArn(string target, string missing)
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));

        using var response = await test.Client.SendAsync(Invoke(target, "{}"));

        var arn = $"arn:aws:lambda:{TestCloud.Region}:{TestCloud.AccountId}:function:{missing}";
        var qualifier = missing[(missing.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var hint = $"Only $LATEST runs locally; version or alias '{qualifier}' of 'svc-dev-pid' is not served: " +
            "call it without a qualifier (or with $LATEST).";
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(
            $$"""{"Type":"User","Message":"Function not found: {{arn}}. {{hint}}"}""",
            await response.Content.ReadAsStringAsync());
    }

    // API_Invoke's errors: InvalidParameterValueException, 400, when a parameter is not valid; two qualifiers
    // that disagree make FunctionName and Qualifier invalid together.
    [Fact]
    public async Task InvokeApi_QualifierInNameDiffersFromQualifierParameter_Answers400InvalidParameterValue()
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));

        using var response = await test.Client.SendAsync(Invoke("svc-dev-pid:$LATEST?Qualifier=live", "{}"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("InvalidParameterValueException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var error = await Json.ReadAsync(response);
        Assert.Equal("User", error["Type"]!.GetValue<string>());
        Assert.Contains("does not match the specified qualifier", error["Message"]!.GetValue<string>());
        Assert.Empty(test.Cloud.GetProcessIds("pid"));
    }

    // API_Invoke's constraints: FunctionName 1-170 characters matching its pattern, a bare name at most 64,
    // Qualifier 1-128 characters of [a-zA-Z0-9$_-].
    [Theory]
    [InlineData("bad%20name!", "functionName", "bad name!", "regular expression pattern")]
    [InlineData("pid:bad!", "functionName", "pid:bad!", "regular expression pattern")]
    [InlineData("pid?Qualifier=bad!", "qualifier", "bad!", "regular expression pattern")]
    [InlineData("65", "functionName", "65", "length less than or equal to 64")]
    [InlineData("171", "functionName", "171", "length less than or equal to 170")]
    [InlineData("pid?Qualifier=129", "qualifier", "129", "length less than or equal to 128")]
    [InlineData("pid?Qualifier=", "qualifier", "", "length greater than or equal to 1")]
    public async Task InvokeApi_InvalidFunctionNameOrQualifier_Answers400ValidationNamingTheConstraint(
        string target,
        string member,
        string value,
        string constraint)
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));
        (target, value) = (LongValue(target), LongValue(value));

        using var response = await test.Client.SendAsync(Invoke(target, "{}"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("ValidationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var error = await Json.ReadAsync(response);
        Assert.Equal("User", error["Type"]!.GetValue<string>());
        Assert.StartsWith(
            $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must ",
            error["Message"]!.GetValue<string>(),
            StringComparison.Ordinal);
        Assert.Contains(constraint, error["Message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // Lambda binds its members by their exact names: '?qualifier=prod' is no Qualifier, an unknown key it ignores,
    // so the call runs $LATEST rather than asking for the alias 'prod'.
    [Theory]
    [InlineData("svc-dev-pid?qualifier=prod")]
    [InlineData("svc-dev-pid?QUALIFIER=prod")]
    public async Task InvokeApi_QualifierKeyInAnotherCase_IsIgnoredAsAnUnknownKey(string target)
    {
        await using var test = await TestCloud.StartAsync(Create("pid", "pid"));

        using var response = await test.Client.SendAsync(Invoke(target, "{}"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("$LATEST", response.Headers.GetValues("X-Amz-Executed-Version").Single());
    }

    // API_Invoke's Payload is "the JSON" for the function: valid JSON, at no stated depth. System.Text.Json
    // alone stops at 64 levels.
    [Fact]
    public async Task InvokeApi_PayloadNestedPast64Levels_IsDeliveredAsSent()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo-raw"));
        var payload = new string('[', 1000) + "1" + new string(']', 1000);

        using var response = await test.Client.SendAsync(Invoke("svc-dev-echo", payload));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        Assert.Equal(payload, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[[[[[[[[[[1]]]]]]]]]")]
    [InlineData("{} {}")]
    public async Task InvokeApi_PayloadNotJson_Answers400InvalidRequestContent(string payload)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo-raw"));

        using var response = await test.Client.SendAsync(Invoke("svc-dev-echo", payload));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("InvalidRequestContentException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }

    // Jackson, whose words Lambda's payload errors are, names the byte that broke the character: a start byte no
    // character begins with, or the first byte after the valid part of one ("Invalid UTF-8 middle byte 0x41" for
    // e2 82 41). A payload that ends inside a character is Jackson's "Unexpected end-of-input". The byte named is
    // at the position given. The e2 82 row once named 0x82, a valid continuation, at the character's start.
    [Theory]
    [InlineData(
        new byte[] { 0x22, 0xE2, 0x82, 0x41, 0x22 }, "Invalid UTF-8 middle byte 0x41 (at byte 3 of the payload)")]
    [InlineData(
        new byte[] { 0x22, 0xF0, 0x9F, 0x98, 0x41, 0x22 }, "Invalid UTF-8 middle byte 0x41 (at byte 4 of the payload)")]
    [InlineData(
        new byte[] { 0x22, 0xF0, 0x9F, 0x41, 0x41, 0x22 }, "Invalid UTF-8 middle byte 0x41 (at byte 3 of the payload)")]
    [InlineData(
        new byte[] { 0x22, 0xE2 },
        "Unexpected end-of-input inside a UTF-8 character: the payload ends before the character that starts with " +
        "byte 0xe2 (at byte 1 of the payload) is complete")]
    [InlineData(
        new byte[] { 0x22, 0xE2, 0x82 },
        "Unexpected end-of-input inside a UTF-8 character: the payload ends before the character that starts with " +
        "byte 0xe2 (at byte 1 of the payload) is complete")]
    [InlineData(new byte[] { 0x22, 0x80, 0x22 }, "Invalid UTF-8 start byte 0x80 (at byte 1 of the payload)")]
    [InlineData(new byte[] { 0x22, 0xFF, 0x22 }, "Invalid UTF-8 start byte 0xff (at byte 1 of the payload)")]
    [InlineData(new byte[] { 0x22, 0xC0, 0xAF, 0x22 }, "Invalid UTF-8 start byte 0xc0 (at byte 1 of the payload)")]
    [InlineData(
        new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D },
        "Invalid UTF-8 middle byte 0x28 (at byte 7 of the payload)")]
    [InlineData(
        new byte[] { 0xEF, 0xBB, 0xBF, 0x22, 0xFF, 0x22 }, "Invalid UTF-8 start byte 0xff (at byte 4 of the payload)")]
    public async Task InvokeApi_PayloadNotUtf8_Answers400NamingTheByteThatBrokeTheCharacter(
        byte[] payload,
        string expected)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo-raw"));
        using var request = Invoke("svc-dev-echo", "");
        request.Content = new ByteArrayContent(payload);

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("InvalidRequestContentException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var message = Json.Parse(await response.Content.ReadAsStringAsync())["Message"]!.GetValue<string>();
        Assert.Equal("Could not parse request body into json: Could not parse payload into json: " + expected, message);
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }

    [Theory]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09, 0x0D }, "the payload is only white space, with no JSON value")]
    [InlineData(
        new byte[] { 0xEF, 0xBB, 0xBF },
        "the payload is only a UTF-8 byte order mark, with no JSON value after it")]
    [InlineData(
        new byte[] { 0xEF, 0xBB, 0xBF, 0x20 }, "the payload is only white space, with no JSON value")]
    public async Task InvokeApi_PayloadWithNoJsonValue_Answers400InPlainWords(byte[] payload, string expected)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo-raw"));
        using var request = Invoke("svc-dev-echo", "");
        request.Content = new ByteArrayContent(payload);

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        var message = Json.Parse(await response.Content.ReadAsStringAsync())["Message"]!.GetValue<string>();
        Assert.Equal(
            "Could not parse request body into json: Could not parse payload into json: No content to map due to " +
            "end-of-input: " + expected,
            message);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeApi_PayloadStartingWithAByteOrderMark_IsInvokedWithTheJsonAfterIt()
    {
        // Jackson skips a UTF-8 byte order mark when it detects the encoding, so Lambda takes the payload.
        await using var test = await TestCloud.StartAsync(Create("echo", "echo-raw"));
        using var request = Invoke("svc-dev-echo", "");
        request.Content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. """{"a":1}"""u8]);

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("""{"a":1}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InvokeApi_DryRun_Answers204WithoutRunningTheFunction()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var request = Invoke("svc-dev-echo", "{}");
        request.Headers.Add("X-Amz-Invocation-Type", "DryRun");

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }

    [Fact]
    public async Task InvokeApi_Event_Answers202AndRunsInBackground()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var request = Invoke("svc-dev-echo", "{}");
        request.Headers.Add("X-Amz-Invocation-Type", "Event");

        using var response = await test.Client.SendAsync(request);
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        var handled = await test.Output.WaitForLineAsync(line => line == $"echo: handling {requestId}");

        Assert.Equal(202, (int)response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.EndsWith(requestId, handled, StringComparison.Ordinal);
    }

    // API_Invoke: "Lambda passes the ClientContext object to your function for synchronous invocations only."
    [Fact]
    public async Task InvokeApi_EventWithClientContext_RunsWithoutTheClientContext()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var request = Invoke("svc-dev-echo", """{"behaviour":"print-context"}""");
        request.Headers.Add("X-Amz-Invocation-Type", "Event");
        request.Headers.Add("X-Amz-Client-Context", Convert.ToBase64String("""{"custom":{"k":"v"}}"""u8.ToArray()));

        using var response = await test.Client.SendAsync(request);
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        var printed = await test.Output.WaitForLineAsync(
            line => line.StartsWith($"context of {requestId}: ", StringComparison.Ordinal));

        Assert.Equal(202, (int)response.StatusCode);
        Assert.Equal($"context of {requestId}: (none)", printed);
    }

    // API_Invoke's ClientContext: "Up to 3,583 bytes of base64-encoded data". Padded Base64 comes in fours:
    // 3,580 characters (2,685 bytes of JSON) is the longest that fits, 3,584 (2,688 bytes) the shortest that does not.
    [Fact]
    public async Task InvokeApi_ClientContextOf3580Base64Bytes_ReachesTheFunction()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        var json = ClientContextJson(jsonBytes: 2685);
        using var request = Invoke("svc-dev-echo", """{"behaviour":"print-context"}""");
        request.Headers.Add("X-Amz-Client-Context", Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));

        using var response = await test.Client.SendAsync(request);
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        var printed = await test.Output.WaitForLineAsync(
            line => line.StartsWith($"context of {requestId}: ", StringComparison.Ordinal));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal($"context of {requestId}: {json}", printed);
    }

    // A pretty-printed client context, or one holding text outside ASCII, is valid Base64 JSON, but neither its line
    // breaks nor raw UTF-8 can travel in the Runtime API's Lambda-Runtime-Client-Context header as they are: the
    // function must still get the same JSON, not a failure.
    [Theory]
    [InlineData("{\n  \"custom\": {\"k\": \"v\"}\r\n}")]
    [InlineData("{\"custom\":{\"name\":\"J\u00fcrgen \u2603\",\"raw\":\"del\u007f\"}}")]
    public async Task InvokeApi_ClientContextWithLineBreaksOrTextOutsideAscii_ReachesTheFunctionAsTheSameJson(
        string json)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var request = Invoke("svc-dev-echo", """{"behaviour":"print-context"}""");
        request.Headers.Add("X-Amz-Client-Context", Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));

        using var response = await test.Client.SendAsync(request);
        var requestId = response.Headers.GetValues("x-amzn-RequestId").Single();
        var printed = await test.Output.WaitForLineAsync(
            line => line.StartsWith($"context of {requestId}: ", StringComparison.Ordinal));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        var received = JsonNode.Parse(printed[$"context of {requestId}: ".Length..]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), received));
    }

    [Fact]
    public async Task InvokeApi_ClientContextOf3584Base64Bytes_Answers400InvalidRequestContentNamingTheLimit()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        var json = ClientContextJson(jsonBytes: 2688);
        using var request = Invoke("svc-dev-echo", "{}");
        request.Headers.Add("X-Amz-Client-Context", Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("InvalidRequestContentException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(
            "Client context must be at most 3583 bytes of Base64-encoded data; it is 3584 bytes.",
            (await Json.ReadAsync(response))["Message"]!.GetValue<string>());
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }

    // No padded Base64 is 3,583 characters long, so this one is unpadded, which the emulator refuses as not Base64:
    // what it shows is that the size check lets 3,583 bytes through to the format check and stops 3,584.
    [Theory]
    [InlineData(3583, "Client context must be a valid Base64-encoded JSON object.")]
    [InlineData(3584, "Client context must be at most 3583 bytes of Base64-encoded data; it is 3584 bytes.")]
    public async Task InvokeApi_ClientContextAtTheLimit_IsCheckedForSizeBeforeFormat(int length, string message)
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var request = Invoke("svc-dev-echo", "{}");
        request.Headers.Add("X-Amz-Client-Context", new string('A', length));

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(message, (await Json.ReadAsync(response))["Message"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeApi_PayloadOver6Mb_Answers413RequestEntityTooLarge()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        var payload = "\"" + new string('x', (6 * 1024 * 1024) - 1) + "\"";

        using var response = await test.Client.SendAsync(Invoke("svc-dev-echo", payload));

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("RequestEntityTooLargeException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        var error = await Json.ReadAsync(response);
        Assert.Equal(
            "6291457 byte payload is too large for the RequestResponse invocation type (limit 6291456 bytes)",
            error["Message"]!.GetValue<string>());
        Assert.Empty(test.Cloud.GetProcessIds("echo"));
    }

    [Fact]
    public async Task InvokeApi_ChunkedPayloadOver6Mb_Answers413WithThePayloadsRealSize()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        var payload = Encoding.UTF8.GetBytes("\"" + new string('é', 3_670_000) + "\"");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/2015-03-31/functions/svc-dev-echo/invocations")
        {
            Content = new StreamContent(new MemoryStream(payload)),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
        var error = await Json.ReadAsync(response);
        Assert.Equal(
            $"{payload.Length} byte payload is too large for the RequestResponse invocation type (limit 6291456 bytes)",
            error["Message"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeApi_BodyShorterThanItsContentLength_Answers400AndLogsNoEmulatorFault()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(test.Cloud.BaseAddress.Host, test.Cloud.BaseAddress.Port);
        var stream = client.GetStream();
        // Expect: 100-continue makes Kestrel answer "100 Continue" once the emulator starts reading the body, so
        // the short body and the end of the stream arrive while the emulator reads, not before it starts.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /2015-03-31/functions/svc-dev-echo/invocations HTTP/1.1\r\nHost: local\r\nContent-Length: 50\r\n" +
            "Expect: 100-continue\r\n\r\n"));
        await ReadUntilAsync(stream, "\r\n\r\n");
        await stream.WriteAsync("{}"u8.ToArray());
        client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        var answer = await ReadAnswerOrResetAsync(stream);

        // Kestrel may reset the connection right after the 400, and a reset drops what the client had not read.
        Assert.True(answer.Length == 0 || answer.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal), answer);

        // The client's FIN both ends the body early and, racing with that, aborts the request: the emulator then
        // logs why it answered 400 (2107), or sees a client that hung up. Either way the request is over once
        // Kestrel logs the connection stopped, and nothing may be logged as the emulator's fault.
        await test.Logs.WaitForAsync(entry => entry.EventId == 2107 || IsConnectionStopped(entry));
        Assert.DoesNotContain(test.Logs.Entries, entry => entry.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task InvokeApi_UnknownInvocationType_Answers400Validation()
    {
        await using var test = await TestCloud.StartAsync(Create("echo", "echo"));
        using var request = Invoke("svc-dev-echo", "{}");
        request.Headers.Add("X-Amz-Invocation-Type", "Sometimes");

        using var response = await test.Client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("ValidationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    /// <summary>Kestrel's "Connection id ... stopped", written once the connection's last request has ended.</summary>
    private static bool IsConnectionStopped(RecordingLoggerProvider.LogEntry entry) =>
        entry.EventId == 2 && entry.Message.EndsWith("stopped.", StringComparison.Ordinal);

    private static async Task ReadUntilAsync(Stream stream, string end)
    {
        var received = new StringBuilder();
        var buffer = new byte[256];
        while (!received.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            Assert.True(read > 0, $"The server closed the connection after '{received}'.");
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 100 ", received.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string> ReadAnswerOrResetAsync(Stream stream)
    {
        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received);
        }
        catch (IOException)
        {
            // Reset by the server: what arrived before it is the answer.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>A client context JSON object of exactly <paramref name="jsonBytes"/> UTF-8 bytes.</summary>
    private static string ClientContextJson(int jsonBytes)
    {
        const string Head = "{\"custom\":{\"k\":\"";
        const string Tail = "\"}}";
        return Head + new string('x', jsonBytes - Head.Length - Tail.Length) + Tail;
    }

    /// <summary>Turns a bare length ("65", or "...=129") into a valid-looking name of that many characters.</summary>
    private static string LongValue(string text)
    {
        var equals = text.LastIndexOf('=');
        var tail = text[(equals + 1)..];
        return int.TryParse(tail, System.Globalization.CultureInfo.InvariantCulture, out var length)
            ? text[..(equals + 1)] + new string('a', length)
            : text;
    }

    /// <summary>An Invoke request; a '?' in <paramref name="target"/> starts its query, after the path.</summary>
    private static HttpRequestMessage Invoke(string target, string payload)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var (name, query) = question < 0 ? (target, "") : (target[..question], target[question..]);
        return new(HttpMethod.Post, $"/2015-03-31/functions/{name}/invocations{query}")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
    }

    private static HttpRequestMessage Signed(HttpRequestMessage request, string region)
    {
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261206/{region}/lambda/aws4_request, " +
            "SignedHeaders=host;x-amz-date, Signature=0123456789abcdef");
        return request;
    }
}
