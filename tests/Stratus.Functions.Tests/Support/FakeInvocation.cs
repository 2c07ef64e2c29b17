using System.Globalization;

namespace Stratus.Functions.Tests.Support;

/// <summary>An invocation the fake Runtime API hands out on GET next, with the headers Lambda sends.</summary>
internal sealed record FakeInvocation(string RequestId, string Payload)
{
    public long? DeadlineMs { get; init; }

    public string FunctionArn { get; init; } = "arn:aws:lambda:eu-west-1:123456789012:function:probe-function";

    public string? TraceId { get; init; }

    public string? ClientContext { get; init; }

    public string? CognitoIdentity { get; init; }

    public IEnumerable<KeyValuePair<string, string>> Headers()
    {
        yield return new("Lambda-Runtime-Aws-Request-Id", RequestId);
        yield return new("Lambda-Runtime-Invoked-Function-Arn", FunctionArn);
        if (DeadlineMs is { } deadline)
        {
            yield return new("Lambda-Runtime-Deadline-Ms", deadline.ToString(CultureInfo.InvariantCulture));
        }

        if (TraceId is not null)
        {
            yield return new("Lambda-Runtime-Trace-Id", TraceId);
        }

        if (ClientContext is not null)
        {
            yield return new("Lambda-Runtime-Client-Context", ClientContext);
        }

        if (CognitoIdentity is not null)
        {
            yield return new("Lambda-Runtime-Cognito-Identity", CognitoIdentity);
        }
    }
}
