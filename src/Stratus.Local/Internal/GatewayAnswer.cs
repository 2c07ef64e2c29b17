namespace Stratus.Local.Internal;

/// <summary>The HTTP answer API Gateway sends back to the client.</summary>
internal sealed record GatewayAnswer(int StatusCode, List<KeyValuePair<string, string>> Headers, byte[] Body);
