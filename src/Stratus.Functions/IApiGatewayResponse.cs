namespace Stratus.Functions;

/// <summary>
/// An API Gateway response type that an <see cref="HttpResult"/> converts to, one per payload format.
/// </summary>
/// <typeparam name="TSelf">The response type itself.</typeparam>
public interface IApiGatewayResponse<TSelf>
    where TSelf : IApiGatewayResponse<TSelf>
{
    /// <summary>Converts a result built with <see cref="HttpResults"/> to this payload format's response.</summary>
    static abstract TSelf FromResult(HttpResult result);
}
