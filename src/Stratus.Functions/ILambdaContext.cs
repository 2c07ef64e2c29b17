using System;
using Microsoft.Extensions.Logging;

namespace Stratus.Functions;

/// <summary>
/// Describes the invocation a handler is running: request id, function identity, deadline and logger.
/// </summary>
public interface ILambdaContext
{
    /// <summary>
    /// Gets the Lambda request id of this invocation (the Lambda-Runtime-Aws-Request-Id header).
    /// </summary>
    string AwsRequestId { get; }

    /// <summary>Gets the name of the Lambda function (AWS_LAMBDA_FUNCTION_NAME).</summary>
    string FunctionName { get; }

    /// <summary>
    /// Gets the version of the function being run (AWS_LAMBDA_FUNCTION_VERSION, "$LATEST" when unset).
    /// </summary>
    string FunctionVersion { get; }

    /// <summary>Gets the ARN the caller used, which may name a version or an alias.</summary>
    string InvokedFunctionArn { get; }

    /// <summary>
    /// Gets the memory configured for the function, in MB (0 when the environment does not say).
    /// </summary>
    int MemoryLimitInMB { get; }

    /// <summary>Gets the CloudWatch Logs group the function writes to.</summary>
    string LogGroupName { get; }

    /// <summary>Gets the CloudWatch Logs stream of this execution environment.</summary>
    string LogStreamName { get; }

    /// <summary>Gets the AWS X-Ray trace header of this invocation, if Lambda sent one.</summary>
    string? TraceId { get; }

    /// <summary>Gets the client context JSON sent by AWS Mobile SDK callers, if any.</summary>
    string? ClientContextJson { get; }

    /// <summary>Gets the Amazon Cognito identity JSON sent by AWS Mobile SDK callers, if any.</summary>
    string? CognitoIdentityJson { get; }

    /// <summary>Gets the moment Lambda ends the invocation (the Lambda-Runtime-Deadline-Ms header).</summary>
    DateTimeOffset Deadline { get; }

    /// <summary>Gets the time left before <see cref="Deadline"/>, measured with the host's clock.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>Gets the logger for this invocation; every line it writes carries the request id.</summary>
    ILogger Logger { get; }
}
