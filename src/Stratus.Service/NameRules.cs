using System.Text.RegularExpressions;

namespace Stratus.Service;

/// <summary>
/// What AWS accepts as a stage, function or region name; the service model and the command line check them.
/// </summary>
public static partial class NameRules
{
    /// <summary>The longest function name Lambda takes (its ARN may be longer).</summary>
    public const int MaxFunctionNameLength = 64;

    /// <summary>
    /// True for up to 128 letters, digits and hyphens: the stage ends up in the stack name
    /// ('&lt;service&gt;-&lt;stage&gt;'), which CloudFormation limits to those and to 128 characters, so an
    /// underscore or a longer stage would only fail at deploy time.
    /// </summary>
    public static bool IsStage(string value) => StagePattern().IsMatch(value);

    /// <summary>True for a function name Lambda takes: 1 to 64 letters, digits, hyphens and underscores.</summary>
    public static bool IsFunctionName(string value) => FunctionNamePattern().IsMatch(value);

    /// <summary>True for a name shaped like an AWS region's, such as 'us-east-1' or 'us-gov-west-1'.</summary>
    public static bool IsRegion(string value) => RegionPattern().IsMatch(value);

    /// <summary>
    /// True for an environment variable name Lambda takes: a letter, then at least one letter, digit or underscore
    /// (API_Environment's key pattern, [a-zA-Z]([a-zA-Z0-9_])+).
    /// </summary>
    public static bool IsEnvironmentVariableName(string value) => EnvironmentVariableNamePattern().IsMatch(value);

    /// <summary>
    /// True for an environment variable name Lambda reserves for itself, which a function's configuration may not
    /// set (Lambda developer guide, "Defined runtime environment variables": reserved keys).
    /// </summary>
    public static bool IsReservedEnvironmentVariable(string value) => ReservedVariables.Contains(value);

    /// <summary>What an environment variable name must be, for a message's fix.</summary>
    public const string EnvironmentVariableNameRule =
        "a letter, then letters, digits and underscores, two characters at least (Lambda's pattern " +
        "[a-zA-Z][a-zA-Z0-9_]+)";

    private static readonly HashSet<string> ReservedVariables = new(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    };

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]+\\z")]
    private static partial Regex EnvironmentVariableNamePattern();

    [GeneratedRegex("^[a-zA-Z0-9-]{1,128}\\z")]
    private static partial Regex StagePattern();

    // Lambda's CreateFunction takes up to 140 characters, but only as an ARN: the name itself is at most 64
    // (MaxFunctionNameLength). \z, not $, which would also match before a final line end.
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}\\z")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex("^[a-z]{2,}(-[a-z]+)+-[0-9]+\\z")]
    private static partial Regex RegionPattern();
}
