namespace Stratus.Functions.Internal;

/// <summary>The environment variables Lambda (and 'stratus dev') set for a function.</summary>
internal static class EnvironmentNames
{
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>
    /// The Runtime API on a Unix socket, which only `stratus dev` and `invoke local` set; the SDK then takes it
    /// over the TCP address (see RuntimeApiConnection).
    /// </summary>
    public const string RuntimeApiSocket = "STRATUS_RUNTIME_API_SOCKET";
    public const string Handler = "_HANDLER";

    /// <summary>
    /// Overrides _HANDLER. Lambda's managed dotnet runtime runs an executable assembly named by _HANDLER,
    /// so there the handler type has to come from another variable.
    /// </summary>
    public const string StratusHandler = "STRATUS_HANDLER";
    public const string TraceId = "_X_AMZN_TRACE_ID";
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string FunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION";
    public const string MemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string LogGroupName = "AWS_LAMBDA_LOG_GROUP_NAME";
    public const string LogStreamName = "AWS_LAMBDA_LOG_STREAM_NAME";
    public const string Region = "AWS_REGION";
    public const string DefaultRegion = "AWS_DEFAULT_REGION";
}
