namespace Stratus.Local;

/// <summary>The flavour of API Gateway a route belongs to, which decides the event and error shapes.</summary>
public enum ApiKind
{
    /// <summary>An API Gateway REST API (serverless.yml <c>http</c> events), served under <c>/{stage}</c>.</summary>
    RestApi,

    /// <summary>An API Gateway HTTP API (serverless.yml <c>httpApi</c> events), on the <c>$default</c> stage.</summary>
    HttpApi,
}
