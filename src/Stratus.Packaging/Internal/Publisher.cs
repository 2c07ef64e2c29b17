using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Stratus.Service;

namespace Stratus.Packaging.Internal;

/// <summary>Runs `dotnet publish` for one artifact and turns what it printed into errors and warnings.</summary>
internal static partial class Publisher
{
    private const string Configuration = "Release";

    private static readonly IReadOnlyDictionary<string, string?> BuildEnvironment = new Dictionary<string, string?>
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>The settings that decide the publish's output, hashed into the artifact's build key.</summary>
    public static Dictionary<string, string> Settings(ArtifactPlan plan) => new(StringComparer.Ordinal)
    {
        ["format"] = "stratus-package-7",
        ["kind"] = plan.Kind.ToString(),
        ["rid"] = plan.RuntimeIdentifier,
        ["configuration"] = Configuration,
        ["trimmedTo"] = plan.TrimmedTo?.TypeName ?? "",
        ["targetFramework"] = plan.TargetFramework ?? "",
        ["compiler"] = plan.Kind == PackageBuildKind.NativeAot ? NativeToolchain.FindCompiler() ?? "" : "",
        ["sysroot"] = plan.LinksAgainstAl2Toolchain ? Al2Toolchain.Identity(plan.Architecture) : "",
        ["sdk"] = InstalledSdks.Value,
    };

    /// <summary>The installed SDK versions, comma-separated: a build input of every build.</summary>
    internal static string InstalledSdkList => InstalledSdks.Value;

    // An SDK update changes the compiler and ILC, so the installed SDK versions are a build input; listing their
    // folders costs nothing, where `dotnet --version` would cost a process start on every no-change run.
    private static readonly Lazy<string> InstalledSdks = new(() =>
    {
        var host = new FileInfo(DotnetHost.Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName
            ?? DotnetHost.Path;
        var sdkRoot = Path.Combine(Path.GetDirectoryName(host) ?? "", "sdk");
        return Directory.Exists(sdkRoot)
            ? string.Join(",", Directory.GetDirectories(sdkRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            : DotnetHost.Path;
    });

    /// <summary>Publishes into <paramref name="outputDirectory"/>; returns the trim and AOT warnings.</summary>
    /// <param name="plan">What to publish.</param>
    /// <param name="outputDirectory">Where the output goes.</param>
    /// <param name="fullRebuild">Whether to compile everything again, trusting no earlier output.</param>
    /// <param name="progress">Reports the toolchain install, if one is needed.</param>
    /// <param name="cancellationToken">Stops the publish.</param>
    public static async Task<IReadOnlyList<string>> PublishAsync(
        ArtifactPlan plan,
        string outputDirectory,
        bool fullRebuild,
        Action<string>? progress,
        CancellationToken cancellationToken)
    {
        var project = plan.Project ?? throw new InvalidOperationException("A prebuilt artifact is not published.");
        using var buildLock = await BuildLock.AcquireAsync(cancellationToken);

        var al2Toolchain = plan.LinksAgainstAl2Toolchain
            ? await Al2Toolchain.EnsureAsync(plan.Architecture, progress, cancellationToken)
            : null;
        if (fullRebuild)
        {
            await CleanAsync(plan, project, cancellationToken);
        }

        var outcome = await ProcessRunner.RunAsync(
            DotnetHost.Path,
            Arguments(plan, project, outputDirectory, al2Toolchain),
            Path.GetDirectoryName(project.ProjectPath)!,
            BuildEnvironment,
            cancellationToken);

        if (outcome.ExitCode != 0)
        {
            throw PublishFailure(plan, project, outcome);
        }

        if (plan.TrimmedTo is null)
        {
            CheckHandlerClasses(plan, project, outputDirectory);
        }

        var warnings = TrimWarnings(outcome.Lines);
        if (plan.Kind == PackageBuildKind.NativeAot)
        {
            var binary = Path.Combine(outputDirectory, project.AssemblyName);
            if (await GlibcCheck.ExplainAsync(binary, plan.Runtime, cancellationToken) is { } problem)
            {
                throw new BuildFailedException(project.ProjectPath, [$"function '{plan.Name}': {problem}."]);
            }

            warnings.AddRange(await GlibcCheck.ExplainLibrariesAsync(outputDirectory, plan.Runtime, cancellationToken));
        }

        return warnings;
    }

    /// <summary>
    /// Deletes what earlier builds of this configuration and runtime left in obj and bin, so that the publish
    /// compiles everything again (`dotnet publish` has no --no-incremental).
    /// </summary>
    private static async Task CleanAsync(
        ArtifactPlan plan,
        FunctionProject project,
        CancellationToken cancellationToken)
    {
        List<string> arguments =
        [
            "clean", PhysicalPath.Of(project.ProjectPath), "-c", Configuration, "-r", plan.RuntimeIdentifier,
            "-nologo", "-v:q", "-nodeReuse:false",
        ];
        if (plan.TargetFramework is { } framework)
        {
            arguments.AddRange(["-f", framework]);
        }

        var folder = Path.GetDirectoryName(project.ProjectPath)!;
        var outcome = await ProcessRunner.RunAsync(
            DotnetHost.Path, arguments, folder, BuildEnvironment, cancellationToken);
        if (outcome.ExitCode != 0)
        {
            throw PublishFailure(plan, project, outcome);
        }
    }

    private static List<string> Arguments(
        ArtifactPlan plan,
        FunctionProject project,
        string outputDirectory,
        Al2Toolchain? al2Toolchain)
    {
        var arguments = new List<string>
        {
            "publish", PhysicalPath.Of(project.ProjectPath), "-c", Configuration, "-r", plan.RuntimeIdentifier,
            "-o", outputDirectory,
            "-nologo", "-v:q", "-nodeReuse:false",
            // Trim and AOT warnings are reported per function below; as errors they would hide which one.
            "-p:TreatWarningsAsErrors=false", "-p:PublishDocumentationFile=false",
            "-p:PublishReferencesDocumentationFiles=false",
            // Reproducible bytes: a PDB's content feeds its assembly's deterministic MVID, and one of three clean
            // builds of the same sources was seen to write a different PDB, hence a different bootstrap.
            // Artifacts ship no PDB, so none is made, and the compiler runs in-process, never in a shared server.
            "-p:DebugType=none", "-p:DebugSymbols=false", "-p:UseSharedCompilation=false",
            // Lets Stratus.Functions.targets map the project's folder out of the build (reproducible across clones).
            "-p:StratusPackage=true",
        };
        if (plan.TrimmedTo is { } handler)
        {
            arguments.Add($"-p:StratusHandler={handler.TypeName}");
        }

        if (plan.TargetFramework is { } framework)
        {
            arguments.AddRange(["-f", framework]);
        }

        arguments.AddRange(plan.Kind switch
        {
            PackageBuildKind.NativeAot => NativeAotArguments(plan, project, al2Toolchain),
            PackageBuildKind.ManagedTrimmed => ["-p:PublishAot=false", "--self-contained", "-p:PublishTrimmed=true"],
            // Limitation: the SDK trims only self-contained apps, and the managed runtime supplies the framework,
            // so a dotnet8 artifact is not IL-trimmed; its generated entry point still leaves other handlers
            // unreachable, but their code stays in the assembly.
            // The managed runtime starts the entry assembly with its own dotnet, so the artifact needs no apphost;
            // without one, a linux-arm64 publish needs no apphost pack either (NuGet here serves none for 8.0.31).
            _ => ["-p:PublishAot=false", "--self-contained", "false", "-p:UseAppHost=false"],
        });
        return arguments;
    }

    private static IEnumerable<string> NativeAotArguments(
        ArtifactPlan plan,
        FunctionProject project,
        Al2Toolchain? al2Toolchain)
    {
        yield return "-p:PublishAot=true";
        yield return "-p:StripSymbols=true";
        yield return Property("NativeOutputPath", NativeLinkFolder(plan, project));
        if (NativeToolchain.FindCompiler() is { } compiler)
        {
            yield return $"-p:CppCompilerAndLinker={compiler}";
        }

        // Amazon Linux 2: link against the toolchain's glibc 2.17 sysroot, whose tools also strip the binary.
        if (al2Toolchain is not null)
        {
            yield return Property("SysRoot", al2Toolchain.SysRoot);
            yield return Property("ObjCopyName", al2Toolchain.ObjCopy);
            yield break;
        }

        // Cross-compiling needs no SysRoot: clang's --target finds Debian's cross libc and libgcc by itself, and
        // a SysRoot of /usr/<triple> would make the linker look for the absolute paths of libc.so's own linker
        // script inside it. The host's objcopy may not know the target's ELF machine, so the cross one strips.
        var target = plan.Architecture == "arm64" ? "arm64" : "x64";
        if (target != NativeToolchain.HostArchitecture)
        {
            yield return $"-p:ObjCopyName={NativeToolchain.CrossObjcopy(target)}";
        }
    }

    /// <summary>
    /// A <c>-p:</c> switch whose value is taken whole: MSBuild splits property switches at ';' and ',', and
    /// reads %XX as an escaped character, so a path holding any of them is escaped.
    /// </summary>
    internal static string Property(string name, string value) =>
        $"-p:{name}=" + value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace(";", "%3B", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>
    /// Where Native AOT links the artifact's binary. The link is incremental on ILC's object file alone: with one
    /// link folder per project, a handler's provided.al2 publish shipped its provided.al2023 binary (the same
    /// object, another sysroot), and every handler's publish the last one linked. So each handler,
    /// architecture and glibc links into a folder of its own.
    /// </summary>
    internal static string NativeLinkFolder(ArtifactPlan plan, FunctionProject project)
    {
        var glibc = plan.LinksAgainstAl2Toolchain ? $"glibc-{Al2Toolchain.Glibc}" : "system-glibc";
        var folder = Path.Combine(
            Path.GetDirectoryName(project.ProjectPath)!, "obj", "stratus-native",
            plan.TrimmedTo?.TypeName ?? "every-handler", plan.RuntimeIdentifier, glibc);
        return folder + Path.DirectorySeparatorChar;
    }

    private static Exception PublishFailure(ArtifactPlan plan, FunctionProject project, ProcessOutcome outcome)
    {
        // The generated entry point names the handler class, so a missing class is a compile error there.
        // Limitation: this error suggests no close class name, as the managed build's check does: the failed
        // compile left no metadata to look for one in.
        if (plan.TrimmedTo is { } handler
            && outcome.Lines.Any(line => line.Contains("StratusEntryPoint.g.cs", StringComparison.Ordinal)
                && MissingTypeError().IsMatch(line)))
        {
            return new ConfigException([PackagingErrors.MissingHandlerClass(plan.Functions[0], handler)]);
        }

        if (plan.Kind == PackageBuildKind.NativeAot && NativeToolchain.FindCompiler() is null)
        {
            return new BuildFailedException(
                project.ProjectPath,
                ["Native AOT needs clang (or gcc) and zlib1g-dev; run eng/install-aot-prereqs.sh."]);
        }

        var errors = CompilerErrors.Of(outcome.Lines);
        return new BuildFailedException(project.ProjectPath, errors.Count > 0 ? errors : outcome.Lines);
    }

    /// <summary>
    /// Checks, in the compiled assembly's metadata, that every handler an untrimmed artifact serves is a class
    /// the assembly defines and may register; otherwise the function would fail only at its first cold start in
    /// AWS.
    /// </summary>
    private static void CheckHandlerClasses(ArtifactPlan plan, FunctionProject project, string outputDirectory)
    {
        var assembly = FindCompiledAssembly(plan, project, outputDirectory);
        if (assembly is null)
        {
            // Limitation: when the compiled assembly is not where the SDK usually leaves it, the check is
            // skipped and a missing handler class shows only at the function's first cold start.
            return;
        }

        var metadata = HandlerMetadata.Read(assembly);
        var errors = plan.Functions
            .Select(function => metadata.Check(function))
            .OfType<ConfigError>()
            .ToList();
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    private static string? FindCompiledAssembly(ArtifactPlan plan, FunctionProject project, string outputDirectory)
    {
        var published = Path.Combine(outputDirectory, project.AssemblyName + ".dll");
        if (File.Exists(published))
        {
            return published;
        }

        // Native AOT publishes no IL; the compiled assembly stays in obj/ under the runtime identifier.
        var intermediate = Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, "obj");
        var separator = Path.DirectorySeparatorChar;
        return Directory.Exists(intermediate)
            ? Directory.EnumerateFiles(intermediate, project.AssemblyName + ".dll", SearchOption.AllDirectories)
                .Where(path =>
                    path.Contains($"{separator}{plan.RuntimeIdentifier}{separator}", StringComparison.Ordinal)
                    && !path.Contains($"{separator}ref{separator}", StringComparison.Ordinal)
                    && !path.Contains($"{separator}refint{separator}", StringComparison.Ordinal)
                    && !path.Contains($"{separator}stratus{separator}", StringComparison.Ordinal))
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault()
            : null;
    }

    private static List<string> TrimWarnings(IReadOnlyList<string> lines) =>
        lines.Where(line => TrimWarning().IsMatch(line))
            .Select(line => line.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"error CS0(246|234|400):")]
    private static partial Regex MissingTypeError();

    [GeneratedRegex(@"warning IL\d{4}:")]
    private static partial Regex TrimWarning();
}
