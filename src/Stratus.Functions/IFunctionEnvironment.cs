using System.Diagnostics.CodeAnalysis;

namespace Stratus.Functions;

/// <summary>
/// The function's environment variables and identity, read once at start-up. Handlers inject this
/// instead of reading the process environment, so tests can supply their own values.
/// </summary>
public interface IFunctionEnvironment
{
    /// <summary>Gets the name of the Lambda function (AWS_LAMBDA_FUNCTION_NAME).</summary>
    string FunctionName { get; }

    /// <summary>Gets the AWS region the function runs in (AWS_REGION).</summary>
    string Region { get; }

    /// <summary>Returns the value of an environment variable, or null when it is not set.</summary>
    /// <param name="name">The variable name, matched case-sensitively as Linux does.</param>
    [SuppressMessage(
        "Naming",
        "CA1716:Identifiers should not match keywords",
        Justification = "Get is the agreed SDK name; handlers are written in C#, where it is not a keyword.")]
    string? Get(string name);

    /// <summary>Returns the value of an environment variable that the function cannot run without.</summary>
    /// <param name="name">The variable name, matched case-sensitively as Linux does.</param>
    /// <exception cref="FunctionConfigurationException">The variable is not set or is empty.</exception>
    string GetRequired(string name);
}
