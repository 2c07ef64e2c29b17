namespace Stratus.Local.Internal;

/// <summary>One version of the service's functions: its routes, pools and the front doors that use them.</summary>
/// <remarks>A reload builds a new generation and swaps it in whole, so a request sees one version only.</remarks>
internal sealed class CloudGeneration
{
    /// <exception cref="ArgumentException">A route is invalid or declared twice.</exception>
    public CloudGeneration(
        CloudContext cloud,
        IReadOnlyList<LocalFunction> functions,
        GatewaySettings settings,
        AsyncEventQueue events)
    {
        Functions = functions;
        Settings = settings;
        Routes = new RouteTable(functions);
        Pools = [.. functions.Select(function => new FunctionPool(cloud, function))];
        PoolsByKey = Pools.ToDictionary(pool => pool.Function.Key, StringComparer.Ordinal);
        Gateway = new ApiGateway(cloud, settings, Routes, PoolsByKey);
        InvokeApi = new InvokeApi(cloud, Pools, events);
    }

    public IReadOnlyList<LocalFunction> Functions { get; }

    public GatewaySettings Settings { get; }

    public RouteTable Routes { get; }

    public FunctionPool[] Pools { get; }

    public Dictionary<string, FunctionPool> PoolsByKey { get; }

    public ApiGateway Gateway { get; }

    public InvokeApi InvokeApi { get; }

    /// <summary>The longest time an invocation of this generation may still need: its longest timeout.</summary>
    public TimeSpan LongestTimeout =>
        Functions.Count == 0 ? TimeSpan.Zero : Functions.Max(function => function.Timeout);
}
