using Stratus.Service.Internal.Variables;

namespace Stratus.Service;

/// <summary>
/// Findings about a loaded service that do not stop a command but are likely mistakes, as located warnings
/// (STR13xx) that commands print beside their output.
/// </summary>
public static class ConfigWarnings
{
    /// <summary>
    /// Every warning about the service's configuration, in file and line order: those the model found while it was
    /// built (frameworkVersion, plugins) and keys that hold variables.
    /// </summary>
    public static IReadOnlyList<ConfigError> Find(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);

        return Find(service.Resolved, service.Warnings);
    }

    /// <summary>The same, from the resolved document and the model's own warnings, when no model was built.</summary>
    internal static IReadOnlyList<ConfigError> Find(ConfigNode resolved, IEnumerable<ConfigError> modelWarnings)
    {
        var warnings = new Dictionary<SourceSpan, ConfigError>();
        CollectVariableKeys(resolved, warnings);
        return [.. warnings.Values.Concat(modelWarnings)
            .OrderBy(warning => warning.At.File, StringComparer.Ordinal)
            .ThenBy(warning => warning.At.Line)
            .ThenBy(warning => warning.At.Column)];
    }

    /// <summary>
    /// The framework resolves variables in values only: a key such as <c>${self:service}Table</c> stays as written,
    /// which is rarely what its author meant. Keys copied by aliases share a position and are reported once.
    /// </summary>
    private static void CollectVariableKeys(ConfigNode node, Dictionary<SourceSpan, ConfigError> warnings)
    {
        switch (node)
        {
            case ConfigMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    if (HoldsVariable(entry.Key) && !warnings.ContainsKey(entry.KeyAt))
                    {
                        warnings[entry.KeyAt] = VariableInKey(entry);
                    }

                    CollectVariableKeys(entry.Value, warnings);
                }

                break;
            case ConfigSequence sequence:
                foreach (var item in sequence.Items)
                {
                    CollectVariableKeys(item, warnings);
                }

                break;
        }
    }

    private static bool HoldsVariable(string key)
    {
        try
        {
            return VariableParser.Parse(key)?.Variables.Any(variable => variable.EscapeText is null) == true;
        }
        catch (VariableSyntaxException)
        {
            // A malformed '${' in a key is not resolved either; it is worth the same warning.
            return true;
        }
    }

    private static ConfigError VariableInKey(ConfigEntry entry) => new(
        ConfigErrorCodes.VariableInKey,
        entry.KeyAt with { Length = Math.Max(1, entry.Key.Length) },
        $"the key '{entry.Key}' holds a variable, which is not resolved in keys (the framework resolves " +
        "variables in values only), so the key stays exactly as written.",
        "write the key as plain text, and put the variable in a value instead, such as a name or a property.");
}
