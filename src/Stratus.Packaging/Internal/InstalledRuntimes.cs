using System.Text.Json;
using Stratus.Service;

namespace Stratus.Packaging.Internal;

/// <summary>A shared framework a built assembly asks for, and the versions of it this machine has.</summary>
internal sealed record MissingFramework(
    string Name,
    string Version,
    IReadOnlyList<string> Installed,
    string TargetFramework);

/// <summary>
/// Whether this machine's .NET can start a framework-dependent assembly: the shared frameworks its
/// runtimeconfig.json names, matched against the versions installed beside the dotnet host under the host's
/// roll-forward rules
/// (https://learn.microsoft.com/dotnet/core/versions/selection#framework-dependent-apps-roll-forward).
/// Without this, a function built for a .NET that is not installed fails at its first request with the host's
/// "You must install or update .NET" text and exit status 150.
/// </summary>
internal static class InstalledRuntimes
{
    /// <summary>
    /// Refuses builds the dotnet host would start (a managed build, a packaged dotnet8 assembly) that this machine's
    /// .NET cannot run, located at the runtime of the first function of each: otherwise `dev` would serve, and
    /// every request would fail with the host's text.
    /// </summary>
    public static void ThrowIfMissing(ServiceDefinition service, IReadOnlyDictionary<string, FunctionBuild> byFunction)
    {
        var root = RootOf(DotnetHost.Path);
        var rollForward = Environment.GetEnvironmentVariable("DOTNET_ROLL_FORWARD");
        var errors = new List<ConfigError>();
        var byAssembly = service.Functions
            .Where(function => byFunction.TryGetValue(function.Key, out var build)
                && build.NativeExecutablePath is null)
            .GroupBy(function => byFunction[function.Key].EntryAssemblyPath, StringComparer.Ordinal);
        foreach (var functions in byAssembly)
        {
            var runtimeConfig = Path.ChangeExtension(functions.Key, ".runtimeconfig.json");
            if (FindMissing(runtimeConfig, root, rollForward) is { } missing)
            {
                errors.Add(PackagingErrors.LocalRuntimeMissing(
                    [.. functions.Select(function => function.Key)],
                    missing.Name,
                    missing.Version,
                    missing.Installed,
                    missing.TargetFramework,
                    PackagePlanner.RuntimeAt(service, functions.First())));
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    /// <summary>The first framework the assembly needs that no installed version satisfies, or null.</summary>
    /// <remarks>
    /// Unknown is not missing: no runtimeconfig.json (a self-contained build), one that does not parse, or a host
    /// whose shared folder is not where the layout puts it are all left to the host to judge.
    /// </remarks>
    public static MissingFramework? FindMissing(string runtimeConfigPath, string dotnetRoot, string? rollForward)
    {
        if (!File.Exists(runtimeConfigPath) || ReadRuntimeOptions(runtimeConfigPath) is not { } options)
        {
            return null;
        }

        var policy = rollForward ?? ReadString(options, "rollForward") ?? "Minor";
        foreach (var (name, version) in RequiredFrameworks(options))
        {
            var folder = Path.Combine(dotnetRoot, "shared", name);
            if (!Directory.Exists(folder) || ParseVersion(version) is not { } requested)
            {
                continue;
            }

            var installed = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>().ToList();
            var satisfied = installed.Any(
                candidate => ParseVersion(candidate) is { } found && Satisfies(found, requested, policy));
            if (!satisfied)
            {
                var targetFramework = ReadString(options, "tfm") ?? $"net{requested.Major}.{requested.Minor}";
                return new MissingFramework(
                    name, version, installed.Order(StringComparer.Ordinal).ToList(), targetFramework);
            }
        }

        return null;
    }

    /// <summary>The folder the dotnet host finds shared frameworks in: its own, with symbolic links followed.</summary>
    public static string RootOf(string dotnetHostPath)
    {
        string target;
        try
        {
            target = File.ResolveLinkTarget(dotnetHostPath, returnFinalTarget: true)?.FullName ?? dotnetHostPath;
        }
        catch (IOException)
        {
            target = dotnetHostPath;
        }

        return Path.GetDirectoryName(target) ?? target;
    }

    /// <summary>Whether an installed version may run an assembly that asks for <paramref name="requested"/>.</summary>
    internal static bool Satisfies(Version installed, Version requested, string policy)
    {
        if (installed < requested)
        {
            return false;
        }

        return policy.ToUpperInvariant() switch
        {
            "DISABLE" => installed == requested,
            "LATESTPATCH" => installed.Major == requested.Major && installed.Minor == requested.Minor,
            "MAJOR" or "LATESTMAJOR" => true,
            _ => installed.Major == requested.Major,
        };
    }

    private static JsonElement? ReadRuntimeOptions(string runtimeConfigPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(runtimeConfigPath));
            return document.RootElement.TryGetProperty("runtimeOptions", out var options)
                && options.ValueKind == JsonValueKind.Object
                ? options.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<(string Name, string Version)> RequiredFrameworks(JsonElement options)
    {
        var frameworks = new List<JsonElement>();
        if (options.TryGetProperty("framework", out var single) && single.ValueKind == JsonValueKind.Object)
        {
            frameworks.Add(single);
        }

        if (options.TryGetProperty("frameworks", out var several) && several.ValueKind == JsonValueKind.Array)
        {
            frameworks.AddRange(several.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object));
        }

        foreach (var framework in frameworks)
        {
            if (ReadString(framework, "name") is { } name && ReadString(framework, "version") is { } version)
            {
                yield return (name, version);
            }
        }
    }

    private static string? ReadString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>'8.0.0' or '10.0.0-preview.7.25380.108' as a version; the pre-release part is not compared.</summary>
    private static Version? ParseVersion(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return Version.TryParse(dash < 0 ? text : text[..dash], out var version) ? version : null;
    }
}
