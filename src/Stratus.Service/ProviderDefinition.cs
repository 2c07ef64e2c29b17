namespace Stratus.Service;

/// <summary>The <c>provider:</c> block with the framework's defaults applied.</summary>
public sealed record ProviderDefinition
{
    /// <summary>The provider name; always <c>aws</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The default runtime for functions (for example <c>dotnet8</c>), or null.</summary>
    public string? Runtime { get; init; }

    /// <summary>The stage being loaded.</summary>
    public required string Stage { get; init; }

    /// <summary>The region being loaded.</summary>
    public required string Region { get; init; }

    /// <summary>The default memory size in MB (1024 when not set).</summary>
    public int MemorySize { get; init; } = 1024;

    /// <summary>The default timeout in seconds (6 when not set).</summary>
    public int Timeout { get; init; } = 6;

    /// <summary>Environment variables for every function, as text.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The REST API's binary media types (<c>provider.apiGateway.binaryMediaTypes</c>).</summary>
    public IReadOnlyList<string> BinaryMediaTypes { get; init; } = [];

    /// <summary>
    /// The REST API's endpoint type (<c>provider.endpointType</c>), upper-cased: <c>EDGE</c> (the framework's
    /// default), <c>REGIONAL</c> or <c>PRIVATE</c>.
    /// </summary>
    public string EndpointType { get; init; } = "EDGE";

    /// <summary>
    /// The HTTP API's CORS settings (<c>provider.httpApi.cors</c>), or null when CORS is off.
    /// </summary>
    public HttpApiCors? HttpApiCors { get; init; }

    /// <summary>
    /// The HTTP API payload version (<c>provider.httpApi.payload</c>): <c>2.0</c> unless set to <c>1.0</c>.
    /// </summary>
    public string HttpApiPayloadVersion { get; init; } = "2.0";

    /// <summary>The default architecture (<c>x86_64</c> or <c>arm64</c>), or null.</summary>
    public string? Architecture { get; init; }

    /// <summary>The resolved provider block as written, for settings this record does not model.</summary>
    public ConfigMapping? Node { get; init; }
}
