namespace Stratus.Local;

/// <summary>A function the local cloud runs as a pool of real OS processes.</summary>
public sealed record LocalFunction
{
    /// <summary>Lambda's default MaximumRetryAttempts for asynchronous invocations.</summary>
    public const int DefaultMaximumRetryAttempts = 2;

    /// <summary>Lambda's default MaximumEventAgeInSeconds for asynchronous invocations: 6 hours.</summary>
    public static readonly TimeSpan DefaultMaximumEventAge = TimeSpan.FromHours(6);

    /// <summary>The function's key in serverless.yml, such as <c>getUser</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The deployed function name, such as <c>users-service-dev-getUser</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The handler string, passed to the process as <c>_HANDLER</c>.</summary>
    public required string Handler { get; init; }

    /// <summary>The program to start: an apphost, a <c>bootstrap</c>, or <c>dotnet</c>.</summary>
    public required string ExecutablePath { get; init; }

    /// <summary>Arguments for <see cref="ExecutablePath"/>, such as the app's dll when it is <c>dotnet</c>.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The working directory of every instance, also passed as <c>LAMBDA_TASK_ROOT</c>.</summary>
    public required string TaskRoot { get; init; }

    /// <summary>
    /// Gets, when set, the folder each new process starts from instead of <see cref="TaskRoot"/>; paths under
    /// <see cref="TaskRoot"/> in <see cref="ExecutablePath"/> and <see cref="Arguments"/> move with it.
    /// </summary>
    public Func<string>? TaskRootForNewProcess { get; init; }

    /// <summary>The environment variables the service configures for this function.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The Lambda runtime identifier, such as <c>dotnet8</c> or <c>provided.al2023</c>.</summary>
    /// <remarks>It sets <c>AWS_EXECUTION_ENV</c>; null is taken as <c>dotnet8</c>.</remarks>
    public string? Runtime { get; init; }

    /// <summary>The Lambda architecture, <c>x86_64</c> or <c>arm64</c>; null is taken as <c>x86_64</c>.</summary>
    public string? Architecture { get; init; }

    /// <summary>The memory size in MB, reported to the function as AWS reports it.</summary>
    public int MemorySize { get; init; } = 1024;

    /// <summary>How long one invocation may run before its process is ended.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// The most instances that may run at once; null means the emulator's default of twice the cores, 4 at least.
    /// </summary>
    public int? ReservedConcurrency { get; init; }

    /// <summary>How often a failed asynchronous invocation is retried, from 0 to 2 (MaximumRetryAttempts).</summary>
    public int MaximumRetryAttempts { get; init; } = DefaultMaximumRetryAttempts;

    /// <summary>
    /// How old an asynchronous event may be when it is retried, from 1 minute to 6 hours
    /// (MaximumEventAgeInSeconds); an event that would be older is discarded instead.
    /// </summary>
    public TimeSpan MaximumEventAge { get; init; } = DefaultMaximumEventAge;

    /// <summary>The schedules that invoke this function while the local cloud runs.</summary>
    public IReadOnlyList<LocalSchedule> Schedules { get; init; } = [];

    /// <summary>The API Gateway routes that invoke this function.</summary>
    public IReadOnlyList<LocalRoute> Routes { get; init; } = [];
}
