namespace Stratus.Service;

/// <summary>
/// What <c>useDotenv: true</c> loads for a service, as framework v3 does: <c>.env.{stage}</c> from the service
/// folder if it exists, otherwise <c>.env</c>, expanded, never overriding a variable the environment already has.
/// </summary>
public sealed record DotenvVariables
{
    /// <summary>Nothing loaded: the service does not set <c>useDotenv: true</c>.</summary>
    public static DotenvVariables Disabled { get; } = new();

    /// <summary>Whether the service sets <c>useDotenv: true</c>.</summary>
    public bool Enabled { get; init; }

    /// <summary>The files looked at, in order, as paths relative to the service folder.</summary>
    public IReadOnlyList<string> FilesLookedAt { get; init; } = [];

    /// <summary>The file the variables came from, or null when neither file exists.</summary>
    public string? FileRead { get; init; }

    /// <summary>The file's variables, expanded; the environment's own values win over these.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The environment with the file's variables added where it has none of that name.</summary>
    public IReadOnlyDictionary<string, string> ApplyTo(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);

        if (Variables.Count == 0)
        {
            return environment;
        }

        var merged = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        foreach (var (name, value) in Variables)
        {
            merged.TryAdd(name, value);
        }

        return merged;
    }

    /// <summary>Where a variable was looked for besides the environment, for a message; empty when disabled.</summary>
    public string Describe() => (Enabled, FileRead, FilesLookedAt) switch
    {
        (false, _, _) => "",
        (_, { } read, [var first, ..]) when read != first => $"'{read}' ('{first}' does not exist)",
        (_, { } read, _) => $"'{read}'",
        (_, null, var looked) => $"{string.Join(" or ", looked.Select(file => $"'{file}'"))} (neither exists)",
    };
}
