using Stratus.Service;

namespace Stratus.Packaging;

/// <summary>
/// Functions whose `package.artifact` names a prebuilt zip (their own, or the service's): nothing is built for
/// them, whatever language the zip was written in; its `bootstrap` or entry point runs as it is.
/// </summary>
public static class PrebuiltArtifacts
{
    /// <summary>The keys of the functions that run a prebuilt artifact.</summary>
    public static IReadOnlySet<string> FunctionKeys(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);

        var serviceArtifact = HasArtifact(service.Resolved.Find("package") as ConfigMapping);
        return service.Functions
            .Where(function => HasArtifact(function.Node["package"] as ConfigMapping) || serviceArtifact)
            .Select(function => function.Key)
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The service restricted to the functions that are built from source.</summary>
    public static ServiceDefinition WithoutPrebuilt(ServiceDefinition service)
    {
        var prebuilt = FunctionKeys(service);
        return prebuilt.Count == 0
            ? service
            : service with { Functions = [.. service.Functions.Where(f => !prebuilt.Contains(f.Key))] };
    }

    private static bool HasArtifact(ConfigMapping? package) =>
        package?["artifact"] is ConfigScalar { IsNull: false };
}
