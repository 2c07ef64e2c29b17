namespace Stratus.Service;

/// <summary>
/// What a load needs besides the file: CLI options, parameters, the environment and external sources.
/// </summary>
public sealed record ServiceLoadOptions
{
    private static readonly IReadOnlyDictionary<string, string> NoValues = new Dictionary<string, string>();

    /// <summary>The <c>--stage</c> option; wins over <c>provider.stage</c>.</summary>
    public string? Stage { get; init; }

    /// <summary>The <c>--region</c> option; wins over <c>provider.region</c>.</summary>
    public string? Region { get; init; }

    /// <summary>
    /// Every CLI option by name, for <c>${opt:name}</c> (the caller includes stage and region too).
    /// </summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = NoValues;

    /// <summary>
    /// The <c>--param "k=v"</c> values, for <c>${param:k}</c>; they win over the file's params blocks.
    /// </summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = NoValues;

    /// <summary>
    /// The environment for <c>${env:X}</c>; the CLI passes the process environment, tests their own.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = NoValues;

    /// <summary>
    /// The .env variables of the service (see <see cref="ServiceLoader.ReadDotenvAsync"/>), when the caller read
    /// them already; null makes the load read them. <c>${env:X}</c> reads <see cref="Environment"/> first.
    /// </summary>
    public DotenvVariables? Dotenv { get; init; }

    /// <summary>
    /// Sources that need the outside world (<c>s3</c>, <c>ssm</c>, <c>cf</c>, ...), by source name.
    /// </summary>
    public IReadOnlyDictionary<string, IVariableSource> ExternalSources { get; init; } =
        new Dictionary<string, IVariableSource>();

    /// <summary>The value of <c>${sls:instanceId}</c>; a random id per load when null.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Reads the process environment into the form <see cref="Environment"/> takes.</summary>
    public static IReadOnlyDictionary<string, string> ReadProcessEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }

        return variables;
    }
}
