using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>
/// Base class for an API Gateway HTTP API (payload 2.0) handler. An <see cref="HttpProblemException"/>
/// thrown by <c>HandleAsync</c>, including a malformed body read with <see cref="HttpApiRequest.ReadJson{T}"/>,
/// becomes a problem answer; any other exception fails the invocation, which API Gateway answers with 500.
/// </summary>
public abstract class HttpApiHandler : ApiGatewayHandler<HttpApiRequest, HttpApiResponse>
{
    /// <inheritdoc />
    protected sealed override JsonTypeInfo<HttpApiRequest> EventTypeInfo => SdkJsonContext.Default.HttpApiRequest;

    /// <inheritdoc />
    protected sealed override JsonTypeInfo<HttpApiResponse> ResultTypeInfo => SdkJsonContext.Default.HttpApiResponse;
}
