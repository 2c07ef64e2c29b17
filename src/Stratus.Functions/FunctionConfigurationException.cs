using System;

namespace Stratus.Functions;

/// <summary>The function's configuration (its environment variables) is missing something it needs.</summary>
public sealed class FunctionConfigurationException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public FunctionConfigurationException()
        : base("The function configuration is incomplete.")
    {
    }

    /// <summary>
    /// Initializes a new instance with a message that says what is missing and how to fix it.
    /// </summary>
    public FunctionConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the failure that caused it.</summary>
    public FunctionConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the environment variable that was missing, when the error is about one.</summary>
    public string? VariableName { get; init; }

    internal static FunctionConfigurationException MissingVariable(string name, string functionName, bool isEmpty)
    {
        var function = string.IsNullOrEmpty(functionName) ? "<function>" : functionName;
        var state = isEmpty ? "is empty" : "is not set";
        var message =
            $"Environment variable '{name}' {state} for function '{function}', but the function requires a value. "
            + "Fix: set it in serverless.yml under provider.environment (all functions) or under "
            + $"functions.<key>.environment for this function alone (deployed as '{function}'), for example:"
            + Environment.NewLine
            + $"  environment:{Environment.NewLine}"
            + $"    {name}: <value, ${{param:...}} or ${{ssm:...}}>";
        return new FunctionConfigurationException(message) { VariableName = name };
    }
}
