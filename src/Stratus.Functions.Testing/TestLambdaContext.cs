using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using Stratus.Functions.Internal;
using Stratus.Functions.Testing.Internal;

namespace Stratus.Functions.Testing;

/// <summary>
/// An <see cref="ILambdaContext"/> for unit tests: every property can be set, the deadline is 30 seconds
/// after creation on <see cref="TimeProvider"/>, and the default logger records entries into <see cref="Logs"/>.
/// </summary>
public sealed class TestLambdaContext : ILambdaContext, ITimeProviderSource
{
    /// <summary>The time a new context has before its deadline.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly TestLogSink _logs = new();
    private TimeProvider _timeProvider = TimeProvider.System;
    private DateTimeOffset _deadline;
    private bool _deadlineSet;
    private string? _invokedFunctionArn;
    private string? _logGroupName;

    /// <summary>Initializes a new context with a new request id and a deadline 30 seconds from now.</summary>
    public TestLambdaContext()
    {
        _deadline = _timeProvider.GetUtcNow() + DefaultTimeout;
        Logger = new TestLogger("Stratus.Functions.Testing.TestLambdaContext", _logs);
    }

    /// <inheritdoc />
    public string AwsRequestId { get; set; } = Guid.NewGuid().ToString();

    /// <inheritdoc />
    public string FunctionName { get; set; } = "test-function";

    /// <inheritdoc />
    public string FunctionVersion { get; set; } = "$LATEST";

    /// <inheritdoc />
    /// <remarks>Defaults to an ARN in us-east-1 that names <see cref="FunctionName"/>.</remarks>
    public string InvokedFunctionArn
    {
        get => _invokedFunctionArn ?? $"arn:aws:lambda:us-east-1:123456789012:function:{FunctionName}";
        set => _invokedFunctionArn = value;
    }

    /// <inheritdoc />
    public int MemoryLimitInMB { get; set; } = 256;

    /// <inheritdoc />
    public string LogGroupName
    {
        get => _logGroupName ?? $"/aws/lambda/{FunctionName}";
        set => _logGroupName = value;
    }

    /// <inheritdoc />
    public string LogStreamName { get; set; } = "2025/01/01/[$LATEST]00000000000000000000000000000000";

    /// <inheritdoc />
    public string? TraceId { get; set; }

    /// <inheritdoc />
    public string? ClientContextJson { get; set; }

    /// <inheritdoc />
    public string? CognitoIdentityJson { get; set; }

    /// <summary>
    /// Gets or sets the clock the deadline is measured with; setting it restarts the default 30 seconds
    /// on the new clock, unless a deadline was set explicitly.
    /// </summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set
        {
            ArgumentNullException.ThrowIfNull(value);

            _timeProvider = value;
            if (!_deadlineSet)
            {
                _deadline = value.GetUtcNow() + DefaultTimeout;
            }
        }
    }

    /// <inheritdoc />
    public DateTimeOffset Deadline
    {
        get => _deadline;
        set
        {
            _deadline = value;
            _deadlineSet = true;
        }
    }

    /// <summary>
    /// Gets or sets the time left before <see cref="Deadline"/>; setting it moves the deadline.
    /// </summary>
    public TimeSpan RemainingTime
    {
        get => Deadline - TimeProvider.GetUtcNow();
        set => Deadline = TimeProvider.GetUtcNow() + value;
    }

    /// <summary>Gets or sets the logger; by default it records into <see cref="Logs"/>.</summary>
    public ILogger Logger { get; set; }

    /// <summary>Gets the entries written through the default <see cref="Logger"/>, in order.</summary>
    public IReadOnlyList<TestLogEntry> Logs => _logs.Entries;
}
