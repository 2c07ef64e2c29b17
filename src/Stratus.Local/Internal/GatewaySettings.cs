namespace Stratus.Local.Internal;

/// <summary>
/// The API-wide settings of one version of the service (provider.apiGateway and provider.httpApi), which a reload
/// of serverless.yml may change along with the functions.
/// </summary>
internal sealed record GatewaySettings(
    IReadOnlyList<string> BinaryMediaTypes,
    RestApiEndpointType RestApiEndpointType,
    LocalCors? HttpApiCors)
{
    public static GatewaySettings From(LocalCloudOptions options) =>
        new(options.BinaryMediaTypes, options.RestApiEndpointType, options.HttpApiCors);
}
