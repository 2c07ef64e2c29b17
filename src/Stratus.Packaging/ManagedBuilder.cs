using System.Text.Json;
using Stratus.Packaging.Internal;
using Stratus.Service;

namespace Stratus.Packaging;

/// <summary>
/// Builds each functions project a service's handlers name with `dotnet build`, the quick managed build
/// that `stratus dev` and `stratus invoke local` run, and copies each output to a folder of its own under
/// `.stratus/build/&lt;assembly&gt;/&lt;build id&gt;/`.
/// </summary>
/// <remarks>
/// Each build keeps its own folder, never replaced in place: after a reload, a process of the old build that loads a
/// file for the first time (a referenced library, a satellite assembly, a native library) still finds the old one.
/// The build returned holds its folders; it removes them when retired, and each build removes the folders no session
/// holds any more (those of earlier sessions, of a session that crashed).
/// </remarks>
public sealed class ManagedBuilder
{
    private readonly string _configuration;

    /// <summary>Creates a builder for the MSBuild configuration <paramref name="configuration"/>.</summary>
    public ManagedBuilder(string configuration = "Debug") => _configuration = configuration;

    /// <summary>
    /// Builds every project the service's functions need; throws ConfigException or BuildFailedException. A project
    /// whose inputs and output are as its last successful build left them is not built again: that output is served.
    /// </summary>
    /// <param name="service">The service whose functions' projects to build.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <param name="progress">Told of each project served without a build.</param>
    public async Task<ServiceBuild> BuildAsync(
        ServiceDefinition service,
        CancellationToken cancellationToken,
        Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(service);

        ThrowIfRuntimeUnsupported(service);
        var projectsByFunction = ResolveProjects(service);
        ThrowIfFrameworkMissing(service, projectsByFunction);

        // Every output gets a new folder, checked before it is served: a build that is refused leaves the folders
        // that running (and later cold-started) functions use as they are, so `dev` serves the previous build on.
        var builds = new Dictionary<string, FunctionBuild>(StringComparer.Ordinal);
        var leases = new List<FolderLease>();
        try
        {
            foreach (var project in projectsByFunction.Values.Distinct())
            {
                var (build, lease) = await BuildProjectAsync(service, project, progress, cancellationToken);
                builds[project.AssemblyName] = build;
                leases.Add(lease);
            }

            var byFunction = ByFunction(projectsByFunction, builds);
            InstalledRuntimes.ThrowIfMissing(service, byFunction);
            CheckHandlerClasses(service, byFunction);
        }
        catch
        {
            leases.ForEach(lease => lease.Retire());
            throw;
        }

        RemoveUnusedBuilds(builds.Values);
        var kind = $"managed {_configuration} build";
        return new ServiceBuild(ByFunction(projectsByFunction, builds), kind) { Leases = leases };
    }

    /// <summary>
    /// Removes the builds of these assemblies that no session holds: earlier sessions' (the last one's current build
    /// is kept until now, for a look), a crashed session's, and the one folder per assembly older versions wrote.
    /// </summary>
    private static void RemoveUnusedBuilds(IEnumerable<FunctionBuild> current)
    {
        foreach (var build in current)
        {
            FolderLease.RemoveUnused(Path.GetDirectoryName(build.OutputDirectory)!);
        }
    }

    private static Dictionary<string, FunctionBuild> ByFunction(
        IReadOnlyDictionary<string, FunctionProject> projectsByFunction,
        Dictionary<string, FunctionBuild> byAssembly) =>
        projectsByFunction.ToDictionary(
            pair => pair.Key,
            pair => byAssembly[pair.Value.AssemblyName],
            StringComparer.Ordinal);

    /// <summary>
    /// Refuses a runtime `stratus package` would refuse, before the handler is read: a Node or Python function's
    /// handler is not a C# one, and blaming the handler would point at the wrong line. No runtime at all is left
    /// to `stratus package` to refuse, so a quick local run needs none.
    /// </summary>
    private static void ThrowIfRuntimeUnsupported(ServiceDefinition service)
    {
        var errors = service.Functions
            .Select(function => (function, runtime: function.Runtime ?? service.Provider.Runtime))
            .Where(pair => pair.runtime is not null && PackagePlanner.KindOf(pair.runtime) is null)
            .Select(pair => PackagingErrors.UnknownRuntime(
                pair.function.Key, pair.runtime, PackagePlanner.RuntimeAt(service, pair.function)))
            .ToList();
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    /// <summary>
    /// Refuses a managed runtime whose .NET version the project does not target, as `stratus package` does: the
    /// quick build runs on the installed .NET, so without this check a service that cannot deploy would run here.
    /// </summary>
    private static void ThrowIfFrameworkMissing(
        ServiceDefinition service,
        IReadOnlyDictionary<string, FunctionProject> projectsByFunction)
    {
        var errors = new List<ConfigError>();
        foreach (var function in service.Functions)
        {
            var runtime = function.Runtime ?? service.Provider.Runtime;
            if (PackagePlanner.KindOf(runtime) == PackageBuildKind.Managed)
            {
                var at = PackagePlanner.RuntimeAt(service, function);
                PackagePlanner.CheckManagedFramework(function, runtime!, projectsByFunction[function.Key], at, errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    /// <summary>
    /// Refuses a handler whose class the built assembly does not define or never registers, located at the
    /// function's `handler`, as `stratus package` does: otherwise `dev` would serve, and the first request would
    /// fail at cold start.
    /// </summary>
    private static void CheckHandlerClasses(ServiceDefinition service, Dictionary<string, FunctionBuild> byFunction)
    {
        var byAssembly = new Dictionary<string, HandlerMetadata>(StringComparer.Ordinal);
        var errors = new List<ConfigError>();
        foreach (var function in service.Functions)
        {
            if (!byFunction.TryGetValue(function.Key, out var build) || !File.Exists(build.EntryAssemblyPath))
            {
                continue;
            }

            // Only an executable gets a runtimeconfig.json; a class library cannot be started as a function.
            if (!File.Exists(Path.ChangeExtension(build.EntryAssemblyPath, ".runtimeconfig.json")))
            {
                var assemblyName = Path.GetFileNameWithoutExtension(build.EntryAssemblyPath);
                errors.Add(PackagingErrors.HandlerAssemblyIsALibrary(function, assemblyName, service));
                continue;
            }

            if (!byAssembly.TryGetValue(build.EntryAssemblyPath, out var metadata))
            {
                metadata = byAssembly[build.EntryAssemblyPath] = HandlerMetadata.Read(build.EntryAssemblyPath);
            }

            if (metadata.Check(function) is { } error)
            {
                errors.Add(error);
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    /// <summary>Maps each function to the project that builds its handler's assembly, collecting every error.</summary>
    public static IReadOnlyDictionary<string, FunctionProject> ResolveProjects(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);

        var projects = FunctionProjectLocator.Find(service.Directory);
        var byAssembly = projects
            .GroupBy(project => project.AssemblyName, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        var resolved = new Dictionary<string, FunctionProject>(StringComparer.Ordinal);
        var errors = new List<ConfigError>();

        foreach (var function in service.Functions)
        {
            if (!HandlerReference.TryParse(function.Handler, out var handler))
            {
                errors.Add(PackagingErrors.MalformedHandler(function));
            }
            else if (handler.NamesAnotherMethod)
            {
                errors.Add(PackagingErrors.UnsupportedHandlerMethod(function, handler));
            }
            else if (!byAssembly.TryGetValue(handler.AssemblyName, out var project))
            {
                errors.Add(PackagingErrors.UnknownAssembly(function, handler, projects));
            }
            else
            {
                resolved[function.Key] = project;
            }
        }

        return errors.Count > 0 ? throw new ConfigException(errors) : resolved;
    }

    private async Task<(FunctionBuild Build, FolderLease Lease)> BuildProjectAsync(
        ServiceDefinition service,
        FunctionProject project,
        Action<string>? progress,
        CancellationToken cancellationToken)
    {
        using var buildLock = await BuildLock.AcquireAsync(cancellationToken);

        var stateDirectory = StateDirectory(service);
        var closure = ProjectReferences.Closure(project.ProjectPath);
        var kind = BuildKind;
        var framework = RunnableFramework(PackagePlanner.ReadProjectProperty(project, "TargetFrameworks"));
        var fullRebuild = BuildWindow.SourcesChangedDuringLastBuild(stateDirectory, closure, kind);

        // Hashed before the build: a source saved from here on may not be what the hash describes.
        var hashedFrom = BuildWindow.Start();
        var inputsKey = QuickBuildStamp.InputsKey(closure, _configuration, framework);
        var result = fullRebuild || inputsKey is null
            ? null
            : QuickBuildStamp.Reusable(stateDirectory, closure, kind, inputsKey);
        if (result is not null)
        {
            progress?.Invoke($"{project.AssemblyName}: no input changed since its last build, which is served");
        }
        else
        {
            QuickBuildStamp.Forget(stateDirectory, closure, kind);
            result = await CompileAsync(service, project, closure, framework, fullRebuild, cancellationToken);
            if (inputsKey is not null && !BuildWindow.SourcesChangedSince(closure, hashedFrom))
            {
                QuickBuildStamp.Record(stateDirectory, closure, kind, inputsKey, result, hashedFrom);
            }
        }

        ThrowIfExecutableOutputIncomplete(project, result);
        var lease = CopyOutput(service, project, Path.GetDirectoryName(result.TargetPath)!);
        var build = new FunctionBuild(
            project.AssemblyName,
            project.ProjectPath,
            lease.Folder,
            Path.Combine(lease.Folder, Path.GetFileName(result.TargetPath)));
        return (build, lease);
    }

    /// <summary>
    /// Refuses an executable's output that lacks its runtimeconfig.json: the handler check would otherwise take
    /// the project for a class library (STR3026) and blame the handler for what another build did.
    /// </summary>
    private static void ThrowIfExecutableOutputIncomplete(FunctionProject project, BuiltOutput built)
    {
        var runtimeConfig = Path.ChangeExtension(built.TargetPath, ".runtimeconfig.json");
        var isExecutable = built.OutputType.Equals("Exe", StringComparison.OrdinalIgnoreCase)
            || built.OutputType.Equals("WinExe", StringComparison.OrdinalIgnoreCase);
        if (isExecutable && !File.Exists(runtimeConfig))
        {
            var disabled = built.GenerateRuntimeConfigurationFiles.Equals("false", StringComparison.OrdinalIgnoreCase);
            throw new ConfigException(
                [PackagingErrors.BuildOutputIncomplete(project.ProjectPath, runtimeConfig, disabled)]);
        }
    }

    // Where a service keeps its build records, and the kind of build they are for: each kind has its own outputs.
    private static string StateDirectory(ServiceDefinition service) => Path.Combine(service.Directory, ".stratus");

    private string BuildKind => $"build {_configuration}";

    /// <summary>Runs `dotnet build`; throws BuildFailedException with the compiler's errors.</summary>
    private async Task<BuiltOutput> CompileAsync(
        ServiceDefinition service,
        FunctionProject project,
        ProjectClosure closure,
        string? framework,
        bool fullRebuild,
        CancellationToken cancellationToken)
    {
        var stateDirectory = StateDirectory(service);
        var kind = BuildKind;
        var started = BuildWindow.Start();

        var (outcome, built) = await RunBuildAsync(service, project, framework, fullRebuild, cancellationToken);
        if (built is { TargetPath: "", TargetFrameworks: { Length: > 0 } frameworks } && framework is null)
        {
            // Several frameworks set outside the project file (Directory.Build.props): the outer build has no
            // TargetPath, so build the one this machine runs.
            var runnable = RunnableFramework(frameworks);
            (outcome, built) = await RunBuildAsync(service, project, runnable, fullRebuild, cancellationToken);
        }

        // Recorded for a failed build too: it may still have compiled a referenced project from text saved over
        // while it ran, and that project's output would then pass for up to date.
        var result = outcome.ExitCode == 0 && built is { TargetPath.Length: > 0 } ? built : null;
        BuildWindow.Record(stateDirectory, closure, kind, started, fullRebuildFailed: fullRebuild && result is null);
        return result ?? throw new BuildFailedException(project.ProjectPath, CompilerErrors(outcome));
    }

    private async Task<(ProcessOutcome Outcome, BuiltOutput? Built)> RunBuildAsync(
        ServiceDefinition service,
        FunctionProject project,
        string? framework,
        bool fullRebuild,
        CancellationToken cancellationToken)
    {
        // Rebuild cleans first, so no output of a build that missed a save can pass for up to date.
        var target = fullRebuild ? "Rebuild" : "Build";
        List<string> arguments =
        [
            "build", PhysicalPath.Of(project.ProjectPath), "-c", _configuration, "-nologo", "-v:q", "-nodeReuse:false",
            $"-t:{target}", "-getProperty:TargetPath", "-getProperty:TargetFrameworks", "-getProperty:OutputType",
            "-getProperty:GenerateRuntimeConfigurationFiles", $"-getTargetResult:{target}",
            .. InputItemTypes.Select(type => "-getItem:" + type),
        ];
        if (framework is not null)
        {
            arguments.AddRange(["-f", framework]);
        }

        var outcome = await ProcessRunner.RunAsync(
            DotnetHost.Path, arguments, service.Directory, BuildEnvironment, cancellationToken);
        return (outcome, ReadBuiltOutput(outcome, target));
    }

    /// <summary>
    /// The framework the quick build runs for a multi-targeted project: the newest 'netN.0' this machine's .NET
    /// runs, as the quick build runs on it; `stratus package` builds the one the function's runtime needs.
    /// </summary>
    internal static string? RunnableFramework(string? targetFrameworks)
    {
        var frameworks = (targetFrameworks ?? "")
            .Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (frameworks.Length == 0)
        {
            return null;
        }

        var runnable = frameworks
            .Select(framework => (framework, version: NetVersion(framework)))
            .Where(pair => pair.version is { } version && version.Major <= Environment.Version.Major)
            .OrderByDescending(pair => pair.version)
            .Select(pair => pair.framework)
            .FirstOrDefault();
        return runnable ?? frameworks[0];
    }

    private static Version? NetVersion(string framework) =>
        framework.StartsWith("net", StringComparison.OrdinalIgnoreCase)
        && Version.TryParse(framework[3..], out var version)
        && version.Major >= 5
            ? version
            : null;

    // MSBuild's node reuse and telemetry would leave processes behind or slow every build down.
    private static readonly IReadOnlyDictionary<string, string?> BuildEnvironment = new Dictionary<string, string?>
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    // The item types whose files a C# build reads: what the quick build's record checks besides the folders.
    private static readonly string[] InputItemTypes =
    [
        "Compile", "EmbeddedResource", "AdditionalFiles", "EditorConfigFiles", "Analyzer", "ReferencePath",
        "Content", "None",
    ];

    private static BuiltOutput? ReadBuiltOutput(ProcessOutcome outcome, string target)
    {
        var start = outcome.Lines.ToList().FindIndex(line => line.StartsWith('{'));
        if (start < 0)
        {
            return null;
        }

        using var result = JsonDocument.Parse(string.Join('\n', outcome.Lines.Skip(start)));
        var root = result.RootElement;
        var succeeded = root.GetProperty("TargetResults").GetProperty(target).GetProperty("Result").GetString();
        var properties = root.GetProperty("Properties");
        return succeeded == "Success"
            ? new BuiltOutput(
                properties.GetProperty("TargetPath").GetString() ?? "",
                properties.GetProperty("TargetFrameworks").GetString() ?? "",
                properties.GetProperty("OutputType").GetString() ?? "",
                properties.GetProperty("GenerateRuntimeConfigurationFiles").GetString() ?? "")
            {
                ItemFiles = ItemFiles(root),
            }
            : null;
    }

    private static List<string> ItemFiles(JsonElement root)
    {
        if (!root.TryGetProperty("Items", out var items) || items.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return [.. items.EnumerateObject()
            .Where(type => type.Value.ValueKind == JsonValueKind.Array)
            .SelectMany(type => type.Value.EnumerateArray())
            .Select(item => item.TryGetProperty("FullPath", out var path) ? path.GetString() : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)];
    }

    private static List<string> CompilerErrors(ProcessOutcome outcome)
    {
        var errors = Internal.CompilerErrors.Of(outcome.Lines);
        return errors.Count > 0 ? errors : outcome.Lines.Where(line => !line.StartsWith('{')).ToList();
    }

    /// <summary>
    /// Copies the build output to a new folder `.stratus/build/&lt;assembly&gt;/&lt;build id&gt;`, held from before
    /// the first file: running functions keep their own files while the next build writes bin/.
    /// </summary>
    private static FolderLease CopyOutput(ServiceDefinition service, FunctionProject project, string targetDirectory)
    {
        // Version 7 ids sort by time, so the folders list oldest first.
        var folder = Path.Combine(BuildRoot(service), project.AssemblyName, Guid.CreateVersion7().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        var lease = FolderLease.Own(folder);
        try
        {
            CopyDirectory(targetDirectory, folder);
        }
        catch
        {
            lease.Retire();
            throw;
        }

        return lease;
    }

    private static string BuildRoot(ServiceDefinition service) => Path.Combine(service.Directory, ".stratus", "build");

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
