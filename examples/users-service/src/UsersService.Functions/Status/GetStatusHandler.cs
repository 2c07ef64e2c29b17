using Stratus.Functions;

namespace UsersService.Functions.Status;

/// <summary>GET /status: reports the service version set in serverless.yml.</summary>
public sealed class GetStatusHandler(IFunctionEnvironment environment) : HttpApiHandler
{
    /// <summary>Name of the environment value that carries the version.</summary>
    public const string VersionVariable = "SERVICE_VERSION";

    /// <inheritdoc />
    protected override Task<HttpApiResponse> HandleAsync(
        HttpApiRequest input,
        ILambdaContext context,
        CancellationToken cancellationToken)
    {
        var status = new StatusResponse(environment.GetRequired(VersionVariable));
        return Task.FromResult(Ok(status, UsersJsonContext.Default.StatusResponse));
    }
}
