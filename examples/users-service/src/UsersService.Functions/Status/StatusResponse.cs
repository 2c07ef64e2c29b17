namespace UsersService.Functions.Status;

/// <summary>What GET /status answers: the deployed version of the service.</summary>
public sealed record StatusResponse(string Version);
