using System.Text.Json.Serialization;

namespace Stratus.Functions.Internal;

/// <summary>
/// Source-generated JSON for the SDK's own records: camelCase names as AWS documents them, nulls omitted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(RestApiRequest))]
[JsonSerializable(typeof(RestApiResponse))]
[JsonSerializable(typeof(HttpProblemDetails))]
[JsonSerializable(typeof(RuntimeErrorBody))]
internal sealed partial class SdkJsonContext : JsonSerializerContext
{
}
