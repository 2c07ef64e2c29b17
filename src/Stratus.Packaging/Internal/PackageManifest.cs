using System.Text.Json;
using Stratus.Service;

namespace Stratus.Packaging.Internal;

/// <summary>Writes manifest.json and reads back the keys an earlier run recorded, for reuse.</summary>
internal static class PackageManifest
{
    public const string FileName = "manifest.json";

    /// <summary>The SDK's handler variable, read before _HANDLER (Stratus.Functions' EnvironmentNames).</summary>
    public const string StratusHandlerVariable = "STRATUS_HANDLER";

    /// <summary>Reads artifact name → (inputs key, SHA-256) from an earlier manifest, or nothing.</summary>
    public static Dictionary<string, (string Key, string Sha256)> ReadKeys(string packageDirectory)
    {
        var keys = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var path = Path.Combine(packageDirectory, FileName);
        if (!File.Exists(path))
        {
            return keys;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            foreach (var function in document.RootElement.GetProperty("functions").EnumerateObject())
            {
                var artifact = function.Value.GetProperty("artifact").GetString()!;
                keys[artifact] = (function.Value.GetProperty("inputsKey").GetString()!,
                    function.Value.GetProperty("sha256").GetString()!);
            }
        }
        catch (Exception unreadable)
            when (unreadable is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // An unreadable manifest only means nothing is reused.
            keys.Clear();
        }

        return keys;
    }

    public static void Write(
        string path,
        ServiceDefinition service,
        IReadOnlyList<(FunctionPackage Package, ArtifactPlan Plan, string InputsKey)> functions)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });

        json.WriteStartObject();
        json.WriteString("service", service.Name);
        json.WriteString("stage", service.Stage);
        json.WriteStartObject("functions");
        foreach (var (package, plan, inputsKey) in functions)
        {
            json.WriteStartObject(package.FunctionKey);
            json.WriteString("artifact", Path.GetFileName(package.ArtifactPath));
            json.WriteString("sha256", package.Sha256);
            json.WriteNumber("zippedSize", package.ZippedSize);
            json.WriteNumber("unzippedSize", package.UnzippedSize);
            json.WriteString("runtime", package.Runtime);
            json.WriteString("architecture", package.Architecture);
            json.WriteString("executable", package.Executable);
            json.WriteString("inputsKey", inputsKey);
            var function = service.FindFunction(package.FunctionKey)!;
            var runsAsExecutableAssembly = RunsAsExecutableAssembly(plan);
            json.WriteString("handler", runsAsExecutableAssembly ? plan.Project!.AssemblyName : function.Handler);
            WriteEnvironment(json, function, runsAsExecutableAssembly);
            WriteBuild(json, plan);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// The environment the function is deployed with (provider's merged with its own), sorted by name; a secret is
    /// its stored envelope, which the function decrypts at cold start.
    /// </summary>
    /// <remarks>
    /// Lambda's managed .NET runtime starts an executable assembly when the function's handler is the assembly's
    /// name, and then _HANDLER names only the assembly; the SDK takes the handler type from STRATUS_HANDLER instead,
    /// so a dotnet8 function is deployed with it (unless the function sets its own).
    /// </remarks>
    private static void WriteEnvironment(
        Utf8JsonWriter json,
        FunctionDefinition function,
        bool runsAsExecutableAssembly)
    {
        json.WriteStartObject("environment");
        foreach (var (name, value) in DeployedEnvironment(function, runsAsExecutableAssembly))
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
    }

    /// <summary>The environment the manifest gives the function, sorted by name (see WriteEnvironment).</summary>
    public static SortedDictionary<string, string> DeployedEnvironment(
        FunctionDefinition function,
        bool runsAsExecutableAssembly)
    {
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in function.Environment)
        {
            environment[name] = value;
        }

        if (runsAsExecutableAssembly)
        {
            environment.TryAdd(StratusHandlerVariable, function.Handler);
        }

        return environment;
    }

    /// <summary>Whether the function runs as an executable assembly, given STRATUS_HANDLER by the manifest.</summary>
    public static bool RunsAsExecutableAssembly(ArtifactPlan plan) =>
        plan.Kind == PackageBuildKind.Managed && plan.Project is not null;

    private static void WriteBuild(Utf8JsonWriter json, ArtifactPlan plan)
    {
        json.WriteStartObject("build");
        json.WriteString("kind", plan.Kind.ToString());
        if (plan.Project is not null)
        {
            json.WriteString("assembly", plan.Project.AssemblyName);
            json.WriteString("runtimeIdentifier", plan.RuntimeIdentifier);
            json.WriteString("configuration", "Release");
            json.WriteBoolean("trimmedToHandler", plan.TrimmedTo is not null);
        }

        json.WriteStartArray("patterns");
        foreach (var pattern in plan.Patterns)
        {
            json.WriteStringValue(pattern.Text);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
