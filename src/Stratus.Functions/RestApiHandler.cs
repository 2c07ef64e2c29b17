using System.Text.Json.Serialization.Metadata;
using Stratus.Functions.Internal;

namespace Stratus.Functions;

/// <summary>
/// Base class for an API Gateway REST API proxy (payload 1.0) handler. An <see cref="HttpProblemException"/>
/// thrown by <c>HandleAsync</c>, including a malformed body read with <see cref="RestApiRequest.ReadJson{T}"/>,
/// becomes a problem answer; any other exception fails the invocation, which API Gateway answers with 502.
/// </summary>
public abstract class RestApiHandler : ApiGatewayHandler<RestApiRequest, RestApiResponse>
{
    /// <inheritdoc />
    protected sealed override JsonTypeInfo<RestApiRequest> EventTypeInfo => SdkJsonContext.Default.RestApiRequest;

    /// <inheritdoc />
    protected sealed override JsonTypeInfo<RestApiResponse> ResultTypeInfo => SdkJsonContext.Default.RestApiResponse;
}
