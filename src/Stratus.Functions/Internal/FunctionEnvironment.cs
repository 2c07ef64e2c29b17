using System;
using System.Collections;
using System.Collections.Generic;

namespace Stratus.Functions.Internal;

/// <summary>
/// The default <see cref="IFunctionEnvironment"/>: a snapshot of the variables, taken once.
/// </summary>
internal sealed class FunctionEnvironment : IFunctionEnvironment
{
    private readonly IReadOnlyDictionary<string, string> _variables;

    public FunctionEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);

        _variables = variables;
    }

    public string FunctionName => Get(EnvironmentNames.FunctionName) ?? "";

    public string Region => Get(EnvironmentNames.Region) ?? Get(EnvironmentNames.DefaultRegion) ?? "";

    // Secrets arrive here already decrypted: FunctionHost builds this snapshot after SecretDecryptor ran.
    public string? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        return _variables.TryGetValue(name, out var value) ? value : null;
    }

    public string GetRequired(string name)
    {
        var value = Get(name);
        return string.IsNullOrEmpty(value)
            ? throw FunctionConfigurationException.MissingVariable(name, FunctionName, isEmpty: value is not null)
            : value;
    }

    /// <summary>
    /// Copies the process environment; Linux variable names are case-sensitive, so the copy is too.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ReadProcessVariables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}
