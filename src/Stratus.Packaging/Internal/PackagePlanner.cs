using System.IO.Compression;
using System.Xml.Linq;
using Stratus.Service;

namespace Stratus.Packaging.Internal;

/// <summary>
/// Turns the service into artifacts to produce, reading `package` (individually, patterns, artifact) at service
/// and function level as the Serverless Framework does, and collects every configuration error at once.
/// </summary>
internal static class PackagePlanner
{
    /// <param name="service">The service to package.</param>
    /// <param name="kindOverride">A build kind for every function instead of the one its runtime selects.</param>
    /// <param name="toolchainRoot">Where the file system starts when looking for the cross toolchain.</param>
    /// <param name="hostArchitecture">The build machine's processor ("x64" or "arm64"); this one's by default.</param>
    public static IReadOnlyList<ArtifactPlan> Plan(
        ServiceDefinition service,
        PackageBuildKind? kindOverride,
        string toolchainRoot = "/",
        string? hostArchitecture = null)
    {
        var machine = (kindOverride, toolchainRoot, hostArchitecture ?? NativeToolchain.HostArchitecture);
        var errors = new List<ConfigError>();
        var projects = ResolveProjects(service, errors);
        var servicePackage = service.Resolved.Find("package") as ConfigMapping;
        var servicePatterns = ReadPatterns(servicePackage, errors);
        var serviceIndividually = ReadBoolean(servicePackage, "individually") ?? false;
        var serviceArtifact = ReadArtifact(service, servicePackage, errors);

        var plans = new List<ArtifactPlan>();
        var shared = new List<(FunctionDefinition Function, ArtifactPlan Plan)>();
        foreach (var function in service.Functions)
        {
            var functionPackage = function.Node["package"] as ConfigMapping;
            var functionPatterns = ReadPatterns(functionPackage, errors);
            var artifact = ReadArtifact(service, functionPackage, errors) ?? serviceArtifact;
            var individually = ReadBoolean(functionPackage, "individually") ?? serviceIndividually;
            var plan = PlanFunction(service, function, projects, artifact, machine, errors);
            if (plan is null)
            {
                continue;
            }

            if (individually || plan.Kind == PackageBuildKind.Prebuilt)
            {
                plans.Add(plan with { Patterns = [.. servicePatterns, .. functionPatterns] });
            }
            else
            {
                shared.Add((function, plan with { Patterns = servicePatterns, TrimmedTo = null }));
            }
        }

        plans.AddRange(GroupShared(service.Name, shared));
        return errors.Count > 0 ? throw new ConfigException(errors) : plans;
    }

    private static Dictionary<string, FunctionProject> ResolveProjects(
        ServiceDefinition service,
        List<ConfigError> errors)
    {
        try
        {
            // A prebuilt artifact's handler belongs to its own runtime (Go, Rust, shell): no project builds it.
            return new Dictionary<string, FunctionProject>(
                ManagedBuilder.ResolveProjects(PrebuiltArtifacts.WithoutPrebuilt(service)),
                StringComparer.Ordinal);
        }
        catch (ConfigException invalid)
        {
            errors.AddRange(invalid.Errors);
            return new Dictionary<string, FunctionProject>(StringComparer.Ordinal);
        }
    }

    private static ArtifactPlan? PlanFunction(
        ServiceDefinition service,
        FunctionDefinition function,
        Dictionary<string, FunctionProject> projects,
        (string Path, SourceSpan At)? artifact,
        (PackageBuildKind? KindOverride, string ToolchainRoot, string HostArchitecture) build,
        List<ConfigError> errors)
    {
        var runtime = function.Runtime ?? service.Provider.Runtime;
        var runtimeAt = RuntimeAt(service, function);
        var architecture = function.Architecture ?? service.Provider.Architecture ?? "x86_64";
        var architectureAt = SpanOf(function.Node, "architecture")
            ?? SpanOf(service.Provider.Node, "architecture") ?? function.At;

        if (artifact is { } prebuilt)
        {
            if (runtime is not null && !LambdaRuntimes.Contains(runtime))
            {
                var closest = Spelling.Closest(runtime, LambdaRuntimes);
                errors.Add(PackagingErrors.NotALambdaRuntime(function.Key, runtime, closest, runtimeAt));
                return null;
            }

            var plan = new ArtifactPlan
            {
                Name = function.Key,
                Functions = [function],
                Runtime = runtime ?? "",
                Architecture = architecture,
                ArchitectureAt = architectureAt,
                Kind = PackageBuildKind.Prebuilt,
                Patterns = [],
                PrebuiltPath = prebuilt.Path,
            };
            CheckPrebuiltEntryPoint(service, function, plan, prebuilt.At, errors);
            return plan;
        }

        var kind = KindOf(runtime);
        if (kind is null)
        {
            errors.Add(PackagingErrors.UnknownRuntime(function.Key, runtime, runtimeAt));
            return null;
        }

        kind = build.KindOverride ?? kind;
        if (kind == PackageBuildKind.NativeAot && runtime == "provided.al2" && architecture is "x86_64" or "arm64"
            && !Al2Toolchain.IsAvailable(architecture, build.HostArchitecture))
        {
            errors.Add(PackagingErrors.Al2NativeAotUnsupported(
                function.Key, architecture, build.HostArchitecture, runtimeAt));
            return null;
        }

        var architectureError = CheckArchitecture(architecture, kind.Value, runtime!, build.ToolchainRoot);
        if (architectureError is not null)
        {
            errors.Add(PackagingErrors.UnsupportedArchitecture(
                function.Key, architecture, architectureAt, architectureError));
            return null;
        }

        if (!projects.TryGetValue(function.Key, out var project)
            || !HandlerReference.TryParse(function.Handler, out var handler))
        {
            return null;
        }

        // A project that lists its frameworks (TargetFrameworks, even one) cannot be published without -f.
        var targetFramework = kind == PackageBuildKind.Managed && build.KindOverride is null
            ? CheckManagedFramework(function, runtime!, project, runtimeAt, errors)
            : ManagedBuilder.RunnableFramework(ReadProjectProperty(project, "TargetFrameworks"));
        return new ArtifactPlan
        {
            Name = function.Key,
            Functions = [function],
            Runtime = runtime!,
            Architecture = architecture,
            ArchitectureAt = architectureAt,
            Kind = kind.Value,
            Patterns = [],
            Project = project,
            TrimmedTo = ReadProjectProperty(project, "StratusConfigureServices") is { Length: > 0 } ? handler : null,
            TargetFramework = targetFramework,
        };
    }

    private static string? CheckArchitecture(
        string architecture,
        PackageBuildKind kind,
        string runtime,
        string toolchainRoot)
    {
        var target = architecture switch
        {
            "x86_64" => "x64",
            "arm64" => "arm64",
            _ => null,
        };
        if (target is null)
        {
            return "Lambda knows only 'x86_64' and 'arm64'";
        }

        if (kind != PackageBuildKind.NativeAot || target == NativeToolchain.HostArchitecture)
        {
            return null;
        }

        // The Amazon Linux 2 toolchain brings the target's libc, crt files, libgcc and binutils; clang links.
        if (runtime == "provided.al2")
        {
            return NativeToolchain.FindCompiler(toolchainRoot) is { } compiler
                && compiler.StartsWith("clang", StringComparison.Ordinal)
                ? null
                : $"Native AOT for '{architecture}' on this {NativeToolchain.HostArchitecture} machine is " +
                  "cross-compiled with clang, and the Debian package 'clang' is missing";
        }

        var missing = NativeToolchain.MissingForCrossCompile(target, toolchainRoot);
        return missing.Count > 0
            ? $"Native AOT for '{architecture}' on this {NativeToolchain.HostArchitecture} machine is " +
              "cross-compiled, and these Debian packages of the cross toolchain are missing: " +
              string.Join(", ", missing.Select(package => $"'{package}'"))
            : null;
    }

    /// <summary>How a runtime's C# function is built, or null for a runtime Stratus cannot build C# for.</summary>
    /// <summary>
    /// Every runtime identifier Lambda has had, deprecated ones included (a deployed function may keep one), from
    /// the Lambda developer guide's "Lambda runtimes" page; a prebuilt artifact may name any of them.
    /// </summary>
    internal static readonly HashSet<string> LambdaRuntimes = new(StringComparer.Ordinal)
    {
        "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x",
        "nodejs14.x", "nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x",
        "python2.7", "python3.6", "python3.7", "python3.8", "python3.9", "python3.10", "python3.11", "python3.12",
        "python3.13", "python3.14",
        "java8", "java8.al2", "java11", "java17", "java21", "java25",
        "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "dotnet7", "dotnet8",
        "dotnet10",
        "go1.x", "ruby2.5", "ruby2.7", "ruby3.2", "ruby3.3", "ruby3.4",
        "provided", "provided.al2", "provided.al2023",
    };

    internal static PackageBuildKind? KindOf(string? runtime) => runtime switch
    {
        "provided.al2023" or "provided.al2" => PackageBuildKind.NativeAot,
        "dotnet8" => PackageBuildKind.Managed,
        _ => null,
    };

    /// <summary>Where a function's runtime is written: on the function, else under provider.</summary>
    internal static SourceSpan RuntimeAt(ServiceDefinition service, FunctionDefinition function) =>
        SpanOf(function.Node, "runtime") ?? SpanOf(service.Provider.Node, "runtime") ?? function.At;

    internal static string? CheckManagedFramework(
        FunctionDefinition function,
        string runtime,
        FunctionProject project,
        SourceSpan runtimeAt,
        List<ConfigError> errors)
    {
        var needed = "net" + runtime["dotnet".Length..] + ".0";
        var targets = ReadProjectProperty(project, "TargetFrameworks")
            ?? ReadProjectProperty(project, "TargetFramework") ?? "";
        if (targets.Split(';', StringSplitOptions.TrimEntries).Contains(needed, StringComparer.OrdinalIgnoreCase))
        {
            return needed;
        }

        errors.Add(PackagingErrors.FrameworkMismatch(function.Key, runtime, needed, targets, runtimeAt));
        return null;
    }

    private static IEnumerable<ArtifactPlan> GroupShared(
        string serviceName,
        List<(FunctionDefinition Function, ArtifactPlan Plan)> shared)
    {
        var groups = shared
            .GroupBy(item =>
                (item.Plan.Project!.ProjectPath, item.Plan.Runtime, item.Plan.Architecture, item.Plan.Kind))
            .ToList();
        for (var i = 0; i < groups.Count; i++)
        {
            // One zip holds one bootstrap, so functions of another project or runtime need a zip of their own.
            var first = groups[i].First().Plan;
            yield return first with
            {
                Name = i == 0 ? serviceName : $"{serviceName}-{i + 1}",
                Functions = [.. groups[i].Select(item => item.Function)],
            };
        }
    }

    private static List<PackagePattern> ReadPatterns(ConfigMapping? package, List<ConfigError> errors)
    {
        if (package?["patterns"] is not { } node)
        {
            return [];
        }

        if (node is not ConfigSequence sequence || sequence.Items.Any(item => item is not ConfigScalar))
        {
            errors.Add(PackagingErrors.BadPatterns(node.At));
            return [];
        }

        return [.. sequence.Items.Cast<ConfigScalar>().Select(item => PackagePattern.Parse(item.ToText(), item.At))];
    }

    private static (string Path, SourceSpan At)? ReadArtifact(
        ServiceDefinition service,
        ConfigMapping? package,
        List<ConfigError> errors)
    {
        if (PrebuiltArtifacts.ArtifactOf(package) is not { } artifact)
        {
            return null;
        }

        var path = PrebuiltArtifacts.FullPath(service, artifact);
        if (!File.Exists(path))
        {
            errors.Add(PackagingErrors.ArtifactMissing(artifact.ToText(), artifact.At));
            return null;
        }

        return (path, artifact.At);
    }

    /// <summary>
    /// Refuses a prebuilt zip a custom runtime could never start: not a zip at all, or without the file the plan
    /// starts (the `bootstrap` Lambda's provided runtimes run) at its root, unless a layer may bring
    /// /opt/bootstrap. Lambda itself accepts such a zip and fails every invocation with Runtime.InvalidEntrypoint.
    /// </summary>
    private static void CheckPrebuiltEntryPoint(
        ServiceDefinition service,
        FunctionDefinition function,
        ArtifactPlan plan,
        SourceSpan artifactAt,
        List<ConfigError> errors)
    {
        // A function's own list, even an empty one, replaces the provider's.
        var hasLayers = function.Node["layers"] is { } own
            ? HasLayers(own)
            : HasLayers(service.Provider.Node?["layers"]);
        var shown = Path.GetRelativePath(service.Directory, plan.PrebuiltPath!);
        try
        {
            using var zip = ZipFile.OpenRead(plan.PrebuiltPath!);
            if (EntryOutsideTheFolder(zip) is { } escaping)
            {
                errors.Add(PackagingErrors.ArtifactEntryOutside(function.Key, shown, escaping, artifactAt));
            }

            var entryPoint = plan.Executable.Length > 0 && !hasLayers ? ZipEntryPoint.Find(zip, plan.Executable) : null;
            if (entryPoint is (var fault, var named))
            {
                errors.Add(fault switch
                {
                    EntryPointFault.LinkToNothing => PackagingErrors.PrebuiltBootstrapLinkToNothing(
                        function.Key, shown, plan.Runtime, named, artifactAt),
                    EntryPointFault.InAFolder => PackagingErrors.PrebuiltWithoutBootstrap(
                        function.Key, shown, plan.Runtime, artifactAt, nested: named),
                    _ => PackagingErrors.PrebuiltWithoutBootstrap(
                        function.Key, shown, plan.Runtime, artifactAt, isFolder: fault == EntryPointFault.Folder),
                });
            }
        }
        catch (InvalidDataException)
        {
            errors.Add(PackagingErrors.ArtifactNotAZip(shown, artifactAt));
        }
    }

    /// <summary>
    /// The first entry that would unpack outside the task folder: an absolute path, a '..' segment, or a path
    /// under an entry that is a symbolic link (zip -y), which points wherever the link does. Zip tools write none
    /// of these from a folder zipped from inside it (zip -r ../function.zip .); Lambda does not say what it does
    /// with them. Paths are Linux's, as Lambda's are: '\\' and 'C:' are parts of a name there.
    /// </summary>
    private static string? EntryOutsideTheFolder(ZipArchive zip)
    {
        var links = zip.Entries
            .Where(ZipEntryModes.IsSymbolicLink)
            .Select(entry => Normalized(entry.FullName) + "/")
            .ToList();
        return zip.Entries
            .Select(entry => entry.FullName)
            .FirstOrDefault(name => name.StartsWith('/')
                || name.Split('/').Contains("..", StringComparer.Ordinal)
                || IsUnderALink(Normalized(name), links));
    }

    private static bool IsUnderALink(string path, List<string> links) =>
        links.Any(link => path.StartsWith(link, StringComparison.Ordinal));

    /// <summary>A path as it unpacks: './lnk' and 'd//lnk' name the same file as 'lnk' and 'd/lnk'.</summary>
    private static string Normalized(string entryName) =>
        string.Join('/', entryName.Split('/').Where(segment => segment is not ("" or ".")));

    private static bool HasLayers(ConfigNode? layers) => layers is ConfigSequence { Items.Count: > 0 };

    private static bool? ReadBoolean(ConfigMapping? mapping, string key) =>
        mapping?[key] is ConfigScalar scalar
            ? scalar.AsBoolean ?? string.Equals(scalar.ToText(), "true", StringComparison.OrdinalIgnoreCase)
            : null;

    private static SourceSpan? SpanOf(ConfigMapping? mapping, string key) => mapping?[key]?.At;

    /// <summary>Reads a property the project file sets itself (not one computed by imports).</summary>
    public static string? ReadProjectProperty(FunctionProject project, string name) =>
        XDocument.Load(project.ProjectPath).Descendants()
            .Where(element => element.Parent?.Name.LocalName == "PropertyGroup" && element.Name.LocalName == name)
            .Select(element => element.Value.Trim())
            .LastOrDefault();
}
