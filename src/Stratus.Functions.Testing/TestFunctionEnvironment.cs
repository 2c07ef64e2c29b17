using System;
using System.Collections.Generic;

namespace Stratus.Functions.Testing;

/// <summary>An <see cref="IFunctionEnvironment"/> for unit tests, backed by a dictionary.</summary>
public sealed class TestFunctionEnvironment : IFunctionEnvironment
{
    /// <summary>The function name used when AWS_LAMBDA_FUNCTION_NAME is not given.</summary>
    public const string DefaultFunctionName = "test-function";

    /// <summary>The region used when AWS_REGION is not given.</summary>
    public const string DefaultRegion = "us-east-1";

    private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);

    /// <summary>Initializes a new environment with the given variables (none when null).</summary>
    public TestFunctionEnvironment(IReadOnlyDictionary<string, string>? variables = null)
    {
        if (variables is null)
        {
            return;
        }

        foreach (var pair in variables)
        {
            _variables[pair.Key] = pair.Value;
        }
    }

    /// <inheritdoc />
    public string FunctionName => Get("AWS_LAMBDA_FUNCTION_NAME") ?? DefaultFunctionName;

    /// <inheritdoc />
    public string Region => Get("AWS_REGION") ?? DefaultRegion;

    /// <summary>Gets a snapshot of the variables.</summary>
    public IReadOnlyDictionary<string, string> Variables => new Dictionary<string, string>(_variables);

    /// <inheritdoc />
    public string? Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);

        return _variables.TryGetValue(name, out var value) ? value : null;
    }

    /// <inheritdoc />
    public string GetRequired(string name)
    {
        var value = Get(name);
        return string.IsNullOrEmpty(value)
            ? throw FunctionConfigurationException.MissingVariable(name, FunctionName, isEmpty: value is not null)
            : value;
    }

    /// <summary>
    /// Sets a variable, or removes it when <paramref name="value"/> is null; returns this environment.
    /// </summary>
    public TestFunctionEnvironment Set(string name, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);

        if (value is null)
        {
            _variables.Remove(name);
        }
        else
        {
            _variables[name] = value;
        }

        return this;
    }
}
