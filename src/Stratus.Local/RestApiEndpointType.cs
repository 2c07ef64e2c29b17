namespace Stratus.Local;

/// <summary>
/// Where a REST API's endpoint lives (<c>provider.endpointType</c>). It decides the longest URL API Gateway takes.
/// </summary>
public enum RestApiEndpointType
{
    /// <summary>Behind CloudFront, the Serverless Framework's default: URLs of up to 8192 characters.</summary>
    Edge,

    /// <summary>In the API's own region: URLs of up to 10240 characters.</summary>
    Regional,

    /// <summary>Reached through a VPC endpoint: URLs of up to 8192 characters.</summary>
    Private,
}
