namespace Stratus.Service;

/// <summary>One function of the service, with provider defaults applied.</summary>
public sealed record FunctionDefinition
{
    /// <summary>The key under <c>functions:</c>, such as <c>getUser</c>.</summary>
    public required string Key { get; init; }

    /// <summary>The deployed name: an explicit <c>name</c>, else <c>service-stage-key</c>.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The handler as written (for .NET, <c>Assembly::Namespace.Class::Method</c> or an executable name).
    /// </summary>
    public required string Handler { get; init; }

    /// <summary>The runtime: the function's, else the provider's, or null.</summary>
    public string? Runtime { get; init; }

    /// <summary>The memory size in MB: the function's, else the provider's.</summary>
    public int MemorySize { get; init; }

    /// <summary>The timeout in seconds: the function's, else the provider's.</summary>
    public int Timeout { get; init; }

    /// <summary>The reserved concurrency, or null when not set.</summary>
    public int? ReservedConcurrency { get; init; }

    /// <summary>
    /// How often Lambda retries a failed asynchronous invocation (0 to 2), or null when not set (Lambda's 2).
    /// </summary>
    public int? MaximumRetryAttempts { get; init; }

    /// <summary>
    /// The oldest an asynchronous event may be, in seconds (60 to 21600), or null when not set (Lambda's 6 hours).
    /// </summary>
    public int? MaximumEventAge { get; init; }

    /// <summary>The architecture: the function's, else the provider's, or null.</summary>
    public string? Architecture { get; init; }

    /// <summary>
    /// Provider environment merged with the function's (the function wins), all values as text.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The events that trigger the function, in the order written.</summary>
    public IReadOnlyList<FunctionEvent> Events { get; init; } = [];

    /// <summary>Where the handler is written (the key's position when there is no handler value).</summary>
    public SourceSpan HandlerSpan { get; init; }

    /// <summary>Where the function's key is written.</summary>
    public SourceSpan At { get; init; }

    /// <summary>
    /// The resolved function block, for settings this record does not model (package, layers, ...).
    /// </summary>
    public required ConfigMapping Node { get; init; }
}
