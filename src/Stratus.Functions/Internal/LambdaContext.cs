using System;
using Microsoft.Extensions.Logging;

namespace Stratus.Functions.Internal;

/// <summary>The context of one invocation served from the Runtime API.</summary>
internal sealed class LambdaContext : ILambdaContext, ITimeProviderSource
{
    public required string AwsRequestId { get; init; }

    public required string FunctionName { get; init; }

    public required string FunctionVersion { get; init; }

    public required string InvokedFunctionArn { get; init; }

    public required int MemoryLimitInMB { get; init; }

    public required string LogGroupName { get; init; }

    public required string LogStreamName { get; init; }

    public string? TraceId { get; init; }

    public string? ClientContextJson { get; init; }

    public string? CognitoIdentityJson { get; init; }

    public required DateTimeOffset Deadline { get; init; }

    public TimeSpan RemainingTime => Deadline - TimeProvider.GetUtcNow();

    public required ILogger Logger { get; init; }

    public required TimeProvider TimeProvider { get; init; }
}
