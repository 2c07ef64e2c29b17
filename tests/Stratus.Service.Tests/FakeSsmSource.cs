namespace Stratus.Service.Tests;

/// <summary>An in-memory stand-in for SSM Parameter Store that yields before answering, like real I/O.</summary>
internal sealed class FakeSsmSource(IReadOnlyDictionary<string, string> parameters) : IVariableSource
{
    public List<VariableSourceRequest> Requests { get; } = [];

    public async ValueTask<VariableSourceResult> ResolveAsync(
        VariableSourceRequest request,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        Requests.Add(request);
        if (request.Address == "/broken")
        {
            throw new VariableSourceException("the parameter name is malformed", "name it like /app/key.");
        }

        if (request.Address == "/crash")
        {
            throw new InvalidOperationException("connection reset");
        }

        return parameters.TryGetValue(request.Address ?? string.Empty, out var value)
            ? VariableSourceResult.FoundText(value, request.At, isSecret: true)
            : VariableSourceResult.NotFound($"parameter '{request.Address}' does not exist");
    }
}
