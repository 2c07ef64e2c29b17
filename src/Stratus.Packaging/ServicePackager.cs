using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Security.Cryptography;
using Stratus.Packaging.Internal;
using Stratus.Service;

namespace Stratus.Packaging;

/// <summary>
/// `stratus package`: publishes each function (Native AOT trimmed to its one handler, or managed), writes
/// reproducible zips, the resolved service and a manifest to `.stratus/package/`, and reuses any artifact whose
/// inputs did not change. The folder is replaced only when every artifact was written and checked.
/// </summary>
public sealed class ServicePackager
{
    /// <summary>Lambda's limit on a zip uploaded directly.</summary>
    public const long LambdaZippedLimit = 50L * 1024 * 1024;

    /// <summary>Lambda's limit on a function's unzipped code.</summary>
    public const long LambdaUnzippedLimit = 250L * 1024 * 1024;

    private static readonly string[] ServiceFolderSkips = [".stratus", "bin", "obj", ".git", "node_modules", ".vs"];

    /// <summary>Packages every function of <paramref name="service"/>.</summary>
    /// <exception cref="ConfigException">The service's packaging settings or a handler are wrong.</exception>
    /// <exception cref="BuildFailedException">A functions project did not publish.</exception>
    [SuppressMessage(
        "Performance",
        "CA1822:Mark members as static",
        Justification = "Callers hold a packager as they hold ManagedBuilder; later options fit in.")]
    public async Task<PackageResult> PackageAsync(
        ServiceDefinition service,
        PackageOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);

        var plans = PackagePlanner.Plan(service, options.BuildKindOverride);
        if (!options.ForLocalRun)
        {
            ThrowIfEnvironmentTooLarge(service, plans);
        }
        var output = Path.GetFullPath(
            options.OutputDirectory ?? Path.Combine(service.Directory, ".stratus", "package"));
        var parent = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(parent);
        var previous = options.Force ? [] : PackageManifest.ReadKeys(output);
        var staging = Path.Combine(parent, $".{Path.GetFileName(output)}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);

        try
        {
            var written = new List<(FunctionPackage, ArtifactPlan, string)>();
            var warnings = new List<string>();
            foreach (var plan in plans)
            {
                var artifact = await ProduceAsync(service, plan, options, output, staging, previous, cancellationToken);
                warnings.AddRange(artifact.Warnings);
                written.AddRange(artifact.Packages.Select(package => (package, plan, artifact.InputsKey)));
            }

            var ordered = written.OrderBy(item => IndexOf(service, item.Item1.FunctionKey)).ToList();
            CheckSizes(service, ordered.Select(item => item.Item1).ToList());
            WriteDescriptions(service, staging, ordered);
            Replace(output, staging);

            var packages = ordered.Select(item => item.Item1 with
            {
                ArtifactPath = Path.Combine(output, Path.GetFileName(item.Item1.ArtifactPath)),
            }).ToList();
            return new PackageResult(output, Path.Combine(output, PackageManifest.FileName), packages, warnings);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static int IndexOf(ServiceDefinition service, string key) =>
        service.Functions.ToList().FindIndex(function => function.Key == key);

    private sealed record ProducedArtifact(
        IReadOnlyList<FunctionPackage> Packages,
        string InputsKey,
        IReadOnlyList<string> Warnings);

    private static async Task<ProducedArtifact> ProduceAsync(
        ServiceDefinition service,
        ArtifactPlan plan,
        PackageOptions options,
        string output,
        string staging,
        Dictionary<string, (string Key, string Sha256)> previous,
        CancellationToken cancellationToken)
    {
        var zipName = plan.Name + ".zip";
        var zipPath = Path.Combine(staging, zipName);
        var serviceFiles = PatternFiles(service.Directory, plan.Patterns);
        var closure = plan.Project is null ? null : ProjectReferences.Closure(plan.Project.ProjectPath);

        // Before the hash: a source saved from here on may not be what the hash describes.
        var hashedFrom = BuildWindow.Start();
        var buildKey = closure is null
            ? InputHasher.HashFiles([new("artifact", plan.PrebuiltPath!)], "prebuilt")
            : InputHasher.Hash(closure, Publisher.Settings(plan));
        var inputsKey = InputsKey(plan, serviceFiles, buildKey);

        var unfollowed = closure?.Unfollowed ?? [];
        var unlisted = closure is not null && unfollowed.Count == 0 && !InputHasher.CanList(closure);
        var earlier = Path.Combine(output, zipName);
        var reused = unfollowed.Count == 0 && !unlisted
            && previous.TryGetValue(zipName, out var recorded) && recorded.Key == inputsKey
            && File.Exists(earlier) && Sha256Of(earlier) == recorded.Sha256;
        var warnings = new List<string>();
        if (reused)
        {
            options.Progress?.Invoke($"reused '{plan.Name}': no input changed");
            File.Copy(earlier, zipPath);
            if (plan.Project is not null)
            {
                var cachedWarnings = ReadBuildWarnings(CachedBuildFolder(service, plan, buildKey));
                warnings.AddRange(FunctionWarnings(plan, cachedWarnings));
            }
        }
        else if (plan.Kind == PackageBuildKind.Prebuilt)
        {
            options.Progress?.Invoke($"taking '{plan.Name}' from package.artifact");
            File.Copy(plan.PrebuiltPath!, zipPath);
        }
        else
        {
            if (unfollowed.Count > 0)
            {
                var references = string.Join(", ", unfollowed.Select(reference => $"'{reference}'"));
                options.Progress?.Invoke(
                    $"building '{plan.Name}' afresh: it references {references}, " +
                    "a path built from an MSBuild property whose files Stratus cannot follow to tell whether they " +
                    "changed; write it relative to the project (or with $(MSBuildThisFileDirectory)) to let an " +
                    "unchanged build be reused");
            }

            if (unlisted)
            {
                options.Progress?.Invoke(
                    $"building '{plan.Name}' afresh: a project or Directory.Build file has a Target, a property " +
                    "function, or names files through an MSBuild property or a wildcard outside the project folders, " +
                    "so Stratus cannot list what the build reads to tell whether it changed; name files relative " +
                    "to the project (or with $(MSBuildThisFileDirectory)) to let an unchanged build be reused");
            }

            var force = options.Force || unfollowed.Count > 0 || unlisted;
            var publish = await PublishOrReuseAsync(
                service, plan, closure!, buildKey, hashedFrom, force, options, cancellationToken);
            warnings.AddRange(FunctionWarnings(plan, publish.Warnings));
            WriteZip(plan, publish.Directory, serviceFiles, zipPath);

            // Sources saved during the publish were built again, so the zip holds them, not what was hashed first.
            inputsKey = InputsKey(plan, serviceFiles, publish.BuildKey);
        }

        var sha = Sha256Of(zipPath);
        var zipped = new FileInfo(zipPath).Length;
        var unzipped = UnzippedSize(zipPath);
        var packages = plan.Functions.Select(function => new FunctionPackage(
            function.Key,
            zipPath,
            sha,
            zipped,
            unzipped,
            plan.Runtime,
            plan.Architecture,
            plan.Kind,
            plan.Executable,
            reused)).ToList();
        return new ProducedArtifact(packages, inputsKey, warnings);
    }

    private static string InputsKey(
        ArtifactPlan plan,
        IEnumerable<KeyValuePair<string, string>> serviceFiles,
        string buildKey) =>
        InputHasher.HashFiles(
            serviceFiles,
            buildKey + "\n" + string.Join('\n', plan.Patterns.Select(pattern => pattern.Text)));

    private sealed record PublishOutput(string Directory, IReadOnlyList<string> Warnings, string BuildKey);

    /// <summary>
    /// Publishes unless `.stratus/package-cache/` holds the output of the same build inputs
    /// (a zip-only change, such as a new pattern file, needs no publish). <c>hashedFrom</c> is the moment just
    /// before the files were hashed for <c>buildKey</c>.
    /// </summary>
    private static async Task<PublishOutput> PublishOrReuseAsync(
        ServiceDefinition service,
        ArtifactPlan plan,
        ProjectClosure closure,
        string buildKey,
        DateTime hashedFrom,
        bool force,
        PackageOptions options,
        CancellationToken cancellationToken)
    {
        // Keyed by the build's inputs, so functions built alike (the same handler, or one shared project
        // build) publish once, and switching back to earlier sources finds their build again.
        // Limitation: the cache is never pruned; deleting .stratus/package-cache is safe and frees the space.
        var cached = CachedBuildFolder(service, plan, buildKey);
        var keyFile = Path.Combine(cached, ".build-key");
        if (!force && File.Exists(keyFile)
            && await File.ReadAllTextAsync(keyFile, cancellationToken) == buildKey)
        {
            options.Progress?.Invoke(
                $"reused the cached build of '{plan.Name}' (its build inputs are unchanged) and zipping it");
            return new PublishOutput(Path.Combine(cached, "publish"), ReadBuildWarnings(cached), buildKey);
        }

        var window = new PublishWindow(
            Path.Combine(service.Directory, ".stratus"),
            closure,
            "publish " + string.Join(' ', Publisher.Settings(plan).Select(pair => pair.Value)));
        var started = hashedFrom;
        var fullRebuild = force || BuildWindow.SourcesChangedDuringLastBuild(window.State, closure, window.Kind);
        for (var attempt = 1; ; attempt++)
        {
            options.Progress?.Invoke($"building '{plan.Name}' ({Describe(plan)})");
            var fresh = Path.Combine(
                Path.GetDirectoryName(cached)!, $".{Path.GetFileName(cached)}.{Guid.NewGuid():N}");
            try
            {
                var warnings = await PublishRecordingAsync(
                    plan, fresh, window, started, fullRebuild, options, cancellationToken);

                // A source saved during the publish may or may not be in it: keeping the output under either
                // key could hand the wrong code to a later run, so it is built again, in full, from what is there now.
                if (BuildWindow.SourcesChangedSince(closure, started))
                {
                    ThrowIfStillChanging(plan, attempt);
                    started = BuildWindow.Start();
                    buildKey = InputHasher.Hash(closure, Publisher.Settings(plan));
                    cached = CachedBuildFolder(service, plan, buildKey);
                    fullRebuild = true;
                    continue;
                }

                // A reused build still ships what these warn about, so each later run repeats them.
                await File.WriteAllLinesAsync(Path.Combine(fresh, BuildWarningsFile), warnings, cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(fresh, ".build-key"), buildKey, cancellationToken);
                Replace(cached, fresh);
                return new PublishOutput(Path.Combine(cached, "publish"), warnings, buildKey);
            }
            finally
            {
                if (Directory.Exists(fresh))
                {
                    Directory.Delete(fresh, recursive: true);
                }
            }
        }
    }

    /// <summary>Where a publish's window is recorded: the service's state folder, the project and the kind.</summary>
    private sealed record PublishWindow(string State, ProjectClosure Closure, string Kind);

    /// <summary>Publishes into <paramref name="fresh"/> and records its window, whether it works or not.</summary>
    private static async Task<IReadOnlyList<string>> PublishRecordingAsync(
        ArtifactPlan plan,
        string fresh,
        PublishWindow window,
        DateTime started,
        bool fullRebuild,
        PackageOptions options,
        CancellationToken cancellationToken)
    {
        var published = false;
        try
        {
            var warnings = await Publisher.PublishAsync(
                plan, Path.Combine(fresh, "publish"), fullRebuild, options.Progress, cancellationToken);
            published = true;
            return warnings;
        }
        finally
        {
            // A failed publish may still have compiled a referenced project from text saved over since.
            BuildWindow.Record(
                window.State, window.Closure, window.Kind, started, fullRebuildFailed: fullRebuild && !published);
        }
    }

    private const int MaxPublishAttempts = 3;

    private static void ThrowIfStillChanging(ArtifactPlan plan, int attempt)
    {
        if (attempt >= MaxPublishAttempts)
        {
            throw new IOException(
                $"the sources of '{plan.Name}' changed during each of {MaxPublishAttempts} builds in a row, so no " +
                "build can be said to hold them; nothing was kept. Run it again once the files are saved.");
        }
    }

    private const string BuildWarningsFile = ".build-warnings";

    private static string CachedBuildFolder(ServiceDefinition service, ArtifactPlan plan, string buildKey) =>
        Path.Combine(
            service.Directory,
            ".stratus",
            "package-cache",
            $"{plan.Kind.ToString().ToLowerInvariant()}-{buildKey[..16]}");

    private static List<string> ReadBuildWarnings(string cachedBuild)
    {
        var file = Path.Combine(cachedBuild, BuildWarningsFile);
        return File.Exists(file) ? File.ReadAllLines(file).Where(line => line.Length > 0).ToList() : [];
    }

    private static IEnumerable<string> FunctionWarnings(ArtifactPlan plan, IReadOnlyList<string> warnings) =>
        warnings.Select(warning => $"function '{string.Join("', '", plan.Functions.Select(f => f.Key))}': {warning}");

    private static string Describe(ArtifactPlan plan) => plan.Kind switch
    {
        PackageBuildKind.NativeAot => $"Native AOT, {plan.RuntimeIdentifier}" +
            (plan.LinksAgainstAl2Toolchain ? $", glibc {Al2Toolchain.Glibc} for Amazon Linux 2" : "") +
            HandlersKept(plan),
        PackageBuildKind.ManagedTrimmed => $"trimmed self-contained managed, {plan.RuntimeIdentifier}",
        _ => $"managed, {plan.RuntimeIdentifier}",
    };

    /// <summary>Which handlers a Native AOT artifact keeps, and for a function packaged alone how to trim it.</summary>
    private static string HandlersKept(ArtifactPlan plan)
    {
        if (plan.TrimmedTo is not null)
        {
            return ", trimmed to its handler";
        }

        var packagedAlone = plan.Functions is [var only] && plan.Name == only.Key;
        return packagedAlone
            ? ", every handler of the project: name the method that registers its shared services in " +
                "<StratusConfigureServices> to trim it to this one (README, 'Starting a service')"
            : ", every handler of the project";
    }

    /// <summary>Files of the service folder that the patterns include (none are included without a pattern).</summary>
    private static List<KeyValuePair<string, string>> PatternFiles(
        string serviceDirectory,
        IReadOnlyList<PackagePattern> patterns)
    {
        if (!patterns.Any(pattern => !pattern.Excludes))
        {
            return [];
        }

        return EnumerateServiceFiles(serviceDirectory)
            .Select(path => new KeyValuePair<string, string>(RelativeName(serviceDirectory, path), path))
            .Where(file => PackagePattern.IsIncluded(file.Key, includedByDefault: false, patterns))
            .OrderBy(file => file.Key, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> EnumerateServiceFiles(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            yield return file;
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            if (!ServiceFolderSkips.Contains(Path.GetFileName(child), StringComparer.OrdinalIgnoreCase))
            {
                foreach (var file in EnumerateServiceFiles(child))
                {
                    yield return file;
                }
            }
        }
    }

    private static string RelativeName(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');

    private static void WriteZip(
        ArtifactPlan plan,
        string publishDirectory,
        List<KeyValuePair<string, string>> serviceFiles,
        string zipPath)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in serviceFiles)
        {
            entries[file.Key] = file.Value;
        }

        // The build output wins over a service file of the same name, and patterns may exclude from it too.
        var built = BuildOutputEntries(plan, publishDirectory);
        foreach (var (name, source) in built)
        {
            if (PackagePattern.IsIncluded(name, includedByDefault: true, plan.Patterns))
            {
                entries[name] = source;
            }
            else
            {
                entries.Remove(name);
            }
        }

        if (!entries.ContainsKey(plan.Executable))
        {
            var decider = PackagePattern.Decider(plan.Executable, plan.Patterns);
            throw new ConfigException([PackagingErrors.PatternExcludesHandler(
                plan.Name,
                plan.Executable,
                decider?.Text ?? "(none)",
                decider?.At ?? plan.Functions[0].At)]);
        }

        var executables = new HashSet<string>(StringComparer.Ordinal) { "bootstrap" };
        if (plan.Kind == PackageBuildKind.ManagedTrimmed)
        {
            executables.Add(plan.Executable);
        }

        DeterministicZip.Write(zipPath, entries, executables);
    }

    private static Dictionary<string, string> BuildOutputEntries(ArtifactPlan plan, string publishDirectory)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(publishDirectory, "*", SearchOption.AllDirectories))
        {
            var name = RelativeName(publishDirectory, path);
            if (IsDebugOnly(name))
            {
                continue;
            }

            // The custom runtime starts a file named bootstrap; Native AOT names the binary after the assembly.
            var isNativeBinary = plan.Kind == PackageBuildKind.NativeAot && name == plan.Project!.AssemblyName;
            entries[isNativeBinary ? "bootstrap" : name] = path;
        }

        return entries;
    }

    private static bool IsDebugOnly(string name) =>
        name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".dbg", StringComparison.OrdinalIgnoreCase);

    private static long UnzippedSize(string zipPath)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        return archive.Entries.Sum(entry => entry.Length);
    }

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void CheckSizes(ServiceDefinition service, IReadOnlyList<FunctionPackage> packages)
    {
        var errors = new List<ConfigError>();
        var serviceBudget = ReadBudget(service.Resolved.Find("custom.stratus.maxPackageSize"), errors);
        foreach (var package in packages)
        {
            var function = service.FindFunction(package.FunctionKey)!;
            var budget = ReadBudget(function.Node.Find("custom.stratus.maxPackageSize"), errors) ?? serviceBudget;
            if (budget is { } limit && package.ZippedSize > limit.Bytes)
            {
                errors.Add(PackagingErrors.OverBudget(package.FunctionKey, package.ZippedSize, limit.Bytes, limit.At));
            }

            if (package.ZippedSize > LambdaZippedLimit)
            {
                errors.Add(PackagingErrors.OverLambdaLimit(
                    package.FunctionKey, "zipped", package.ZippedSize, LambdaZippedLimit, function.At));
            }

            if (package.UnzippedSize > LambdaUnzippedLimit)
            {
                errors.Add(PackagingErrors.OverLambdaLimit(
                    package.FunctionKey, "unzipped", package.UnzippedSize, LambdaUnzippedLimit, function.At));
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors.Distinct().ToList());
        }
    }

    /// <summary>
    /// Refuses, before anything is built, a function whose environment, measured as the manifest writes it
    /// (secrets as their stored envelopes, STRATUS_HANDLER included), is over Lambda's 4 KB: the deploy would fail.
    /// </summary>
    private static void ThrowIfEnvironmentTooLarge(ServiceDefinition service, IReadOnlyList<ArtifactPlan> plans)
    {
        var planOf = new Dictionary<string, ArtifactPlan>(StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            plan.Functions.ToList().ForEach(function => planOf.TryAdd(function.Key, plan));
        }

        var errors = EnvironmentSize.Check(service, function => PackageManifest.DeployedEnvironment(
            function,
            planOf.TryGetValue(function.Key, out var plan) && PackageManifest.RunsAsExecutableAssembly(plan)));
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    private static (long Bytes, SourceSpan At)? ReadBudget(ConfigNode? node, List<ConfigError> errors)
    {
        if (node is not ConfigScalar { IsNull: false } scalar)
        {
            return null;
        }

        if (Sizes.TryParse(scalar.ToText(), out var bytes))
        {
            return (bytes, scalar.At);
        }

        errors.Add(PackagingErrors.BadSize(scalar.ToText(), scalar.At));
        return null;
    }

    private static void WriteDescriptions(
        ServiceDefinition service,
        string staging,
        IReadOnlyList<(FunctionPackage Package, ArtifactPlan Plan, string InputsKey)> functions)
    {
        // Unmasked: this is what a deploy reads, so a secret must be its stored envelope (ciphertext that the
        // function decrypts at cold start), not '***'. The caller's variable sources decide what secrets resolve
        // to; the CLI gives package the stored envelopes and refuses sources that would give plain text.
        File.WriteAllText(
            Path.Combine(staging, "resolved-service.json"),
            ServicePrinter.ToJson(service.Resolved) + "\n");
        PackageManifest.Write(Path.Combine(staging, PackageManifest.FileName), service, functions);
    }

    /// <summary>Moves <paramref name="fresh"/> to <paramref name="target"/>, retiring what was there.</summary>
    private static void Replace(string target, string fresh)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(fresh, target);
            return;
        }

        var retired = Path.Combine(
            Path.GetDirectoryName(target)!,
            $".{Path.GetFileName(target)}.old.{Guid.NewGuid():N}");
        Directory.Move(target, retired);
        Directory.Move(fresh, target);
        Directory.Delete(retired, recursive: true);
    }
}
