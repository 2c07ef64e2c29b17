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

    /// <summary>The full paths of the prebuilt artifacts the service's functions run, each once.</summary>
    public static IReadOnlyList<string> Paths(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);

        var serviceArtifact = ArtifactPath(service, service.Resolved.Find("package") as ConfigMapping);
        return service.Functions
            .Select(function => ArtifactPath(service, function.Node["package"] as ConfigMapping) ?? serviceArtifact)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The <c>artifact</c> of a <c>package</c> mapping, when one is set.</summary>
    internal static ConfigScalar? ArtifactOf(ConfigMapping? package) =>
        package?["artifact"] is ConfigScalar { IsNull: false } artifact ? artifact : null;

    /// <summary>Where <paramref name="artifact"/> points, relative to the service's folder.</summary>
    internal static string FullPath(ServiceDefinition service, ConfigScalar artifact) =>
        Path.GetFullPath(Path.Combine(service.Directory, artifact.ToText()));

    private static string? ArtifactPath(ServiceDefinition service, ConfigMapping? package) =>
        ArtifactOf(package) is { } artifact ? FullPath(service, artifact) : null;

    private static bool HasArtifact(ConfigMapping? package) => ArtifactOf(package) is not null;
}
