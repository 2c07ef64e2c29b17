using Stratus.Packaging.Internal;
using Stratus.Service;

namespace Stratus.Packaging;

/// <summary>The configuration errors packaging reports, each with a stable STR3xxx code.</summary>
public static class PackagingErrors
{
    /// <summary>STR3001: a handler string without an assembly and a type.</summary>
    public static ConfigError MalformedHandler(FunctionDefinition function)
    {
        ArgumentNullException.ThrowIfNull(function);

        return new ConfigError(
            "STR3001",
            function.HandlerSpan,
            $"function '{function.Key}' has handler '{function.Handler}', which does not name an assembly and a type.",
            "write the handler as 'Assembly::Namespace.TypeName', for example " +
            "'UsersService.Functions::UsersService.Functions.GetUserHandler'.");
    }

    /// <summary>STR3021: the handler names a method other than the one handler classes are invoked through.</summary>
    public static ConfigError UnsupportedHandlerMethod(FunctionDefinition function, HandlerReference handler)
    {
        ArgumentNullException.ThrowIfNull(function);

        // Silently running HandleAsync instead would make two functions that name two methods of one class
        // the same function.
        return new ConfigError(
            "STR3021",
            function.HandlerSpan,
            $"function '{function.Key}' names method '{handler.Method}' of class '{handler.TypeName}', but Stratus " +
            $"invokes a handler class only through its {HandlerReference.InvokedMethod}, so one class serves one " +
            "function.",
            $"write the handler as '{handler.AssemblyName}::{handler.TypeName}' (without '::{handler.Method}'); " +
            "a function that needs other code gets its own handler class.");
    }

    /// <summary>STR3002: the handler's assembly is not built by any project in the service folder.</summary>
    public static ConfigError UnknownAssembly(
        FunctionDefinition function,
        HandlerReference handler,
        IReadOnlyList<FunctionProject> projects)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(projects);

        var known = projects.Count == 0
            ? "no project was found under the service folder"
            : "projects found build " + string.Join(", ", projects.Select(p => $"'{p.AssemblyName}'"));
        return new ConfigError(
            "STR3002",
            function.HandlerSpan,
            $"function '{function.Key}' names assembly '{handler.AssemblyName}', but no project builds it ({known}).",
            "use the AssemblyName of a functions project under the service folder before '::' in the handler.");
    }

    /// <summary>
    /// STR3003: the handler names a class its assembly does not define; <paramref name="meant"/> is the handler
    /// class it most likely meant, when one is close.
    /// </summary>
    public static ConfigError MissingHandlerClass(
        FunctionDefinition function,
        HandlerReference handler,
        string? meant = null)
    {
        ArgumentNullException.ThrowIfNull(function);

        var fix = meant is not null
            ? $"did you mean '{meant}'? Write '{handler.AssemblyName}::{meant}" +
                (handler.Method is { } method ? $"::{method}" : "") + "' as the handler."
            : "use the full name (namespace and class) of a handler class in that project, and register it with " +
                "AddHandler<T>().";
        return new ConfigError(
            "STR3003",
            function.HandlerSpan,
            $"function '{function.Key}' names class '{handler.TypeName}', which assembly '{handler.AssemblyName}' " +
            "does not define.",
            fix);
    }

    /// <summary>STR3023: the handler names a class of its assembly that is not a handler class.</summary>
    public static ConfigError NotAHandlerClass(FunctionDefinition function, HandlerReference handler)
    {
        ArgumentNullException.ThrowIfNull(function);

        return new ConfigError(
            "STR3023",
            function.HandlerSpan,
            $"function '{function.Key}' names class '{handler.TypeName}', which is not a handler class: it neither " +
            "derives from HttpApiHandler, RestApiHandler or FunctionHandler<TEvent, TResult> nor implements " +
            "IFunctionHandler.",
            "name the handler class that serves this function, or make this class derive from one of those and " +
            "register it with AddHandler<T>().");
    }

    /// <summary>STR3022: the handler names a class its assembly defines but no code registers.</summary>
    public static ConfigError UnregisteredHandlerClass(FunctionDefinition function, HandlerReference handler)
    {
        ArgumentNullException.ThrowIfNull(function);

        // Namespace.Outer+Inner is written Outer.Inner in C#.
        var nested = handler.TypeName.IndexOf('+', StringComparison.Ordinal);
        var typeStart = handler.TypeName.LastIndexOf('.', nested < 0 ? handler.TypeName.Length - 1 : nested) + 1;
        var shortName = handler.TypeName[typeStart..].Replace('+', '.');
        return new ConfigError(
            "STR3022",
            function.HandlerSpan,
            $"function '{function.Key}' names class '{handler.TypeName}', which assembly '{handler.AssemblyName}' " +
            "defines but never registers, so the function would fail at its first cold start.",
            $"add app.AddHandler<{shortName}>() where the service configures its FunctionApp (the method passed to " +
            "FunctionApp.RunAsync).");
    }

    /// <summary>STR3004: a runtime Stratus cannot package C# for.</summary>
    public static ConfigError UnknownRuntime(string functionKey, string? runtime, SourceSpan at) => new(
        "STR3004",
        at,
        $"function '{functionKey}' has runtime '{runtime ?? "(none)"}', which Stratus cannot package C# for.",
        "set runtime to 'provided.al2023' (Native AOT) or 'dotnet8' (managed), under provider or the function.");

    /// <summary>STR3005: an architecture the installed toolchain cannot build for.</summary>
    public static ConfigError UnsupportedArchitecture(
        string functionKey,
        string? architecture,
        SourceSpan at,
        string why) =>
        new(
            "STR3005",
            at,
            $"function '{functionKey}' has architecture '{architecture}', which this machine cannot build: {why}.",
            architecture is "x86_64" or "arm64"
                ? "run eng/install-aot-prereqs.sh, or install the packages named above with apt-get, " +
                  "or build on a machine of that architecture."
                : "set architecture to 'x86_64' or 'arm64'.");

    /// <summary>STR3006: a pattern leaves the file that starts the function out of its artifact.</summary>
    public static ConfigError PatternExcludesHandler(
        string artifact,
        string executable,
        string pattern,
        SourceSpan at) =>
        new(
            "STR3006",
            at,
            $"pattern '{pattern}' excludes '{executable}' from artifact '{artifact}', so the function could not start.",
            $"narrow the pattern so it does not match '{executable}', or add a later pattern '{executable}'.");

    /// <summary>STR3007: an artifact is larger than the budget in custom.stratus.maxPackageSize.</summary>
    public static ConfigError OverBudget(string functionKey, long size, long budget, SourceSpan at) => new(
        "STR3007",
        at,
        $"function '{functionKey}' packages to {Sizes.Format(size)} zipped, over the budget of {Sizes.Format(budget)}.",
        "trim the function's dependencies, split the function, or raise custom.stratus.maxPackageSize.");

    /// <summary>STR3008: an artifact is over one of Lambda's own size limits.</summary>
    public static ConfigError OverLambdaLimit(string functionKey, string what, long size, long limit, SourceSpan at) =>
        new(
            "STR3008",
            at,
            $"function '{functionKey}' is {Sizes.Format(size)} {what}, over Lambda's limit of {Sizes.Format(limit)}.",
            "remove files from the artifact (package.patterns) or move large dependencies to a layer or to S3.");

    /// <summary>STR3029: a function's environment variables pass Lambda's 4 KB, names and values together.</summary>
    public static ConfigError EnvironmentTooLarge(FunctionDefinition function, int size, string largest, SourceSpan at)
    {
        ArgumentNullException.ThrowIfNull(function);

        return new ConfigError(
            "STR3029",
            at,
            $"function '{function.Key}' has environment variables of {size} bytes (provider's and its own, as " +
            $"deployed, secrets as their stored envelopes), over Lambda's limit of {EnvironmentSize.LambdaLimit} " +
            $"bytes for all of them; the largest is '{largest}'.",
            "move large values out of the environment (read them from a file in the package, or from S3 or SSM " +
            "at cold start), or give the function only the variables it uses.");
    }

    /// <summary>STR3030: a prebuilt artifact's runtime is no runtime Lambda has.</summary>
    public static ConfigError NotALambdaRuntime(string functionKey, string runtime, string? closest, SourceSpan at) =>
        new(
            "STR3030",
            at,
            $"function '{functionKey}' has runtime '{runtime}', which is not a Lambda runtime, so Lambda would " +
            "refuse to create it.",
            (closest is null ? "" : $"did you mean '{closest}'? ") +
            "use a runtime Lambda lists, such as 'provided.al2023' for a bootstrap in any language (Go, Rust, a " +
            "script), or 'nodejs22.x' or 'python3.13' for a zip of that language.");

    /// <summary>
    /// STR3031: `dev` or `invoke local` asked to run a prebuilt artifact that only its own language runs.
    /// </summary>
    /// <param name="functionKey">The function's key.</param>
    /// <param name="runtime">The function's runtime, or null when neither it nor the provider sets one.</param>
    /// <param name="at">Where the runtime is set, or the function when none is.</param>
    public static ConfigError PrebuiltNotRunnableLocally(string functionKey, string? runtime, SourceSpan at) =>
        runtime is null
            ? new(
                "STR3031",
                at,
                $"function '{functionKey}' has a prebuilt package.artifact but no runtime, neither its own nor " +
                "provider.runtime, so Stratus does not know how to run it locally: it runs a prebuilt artifact only " +
                "on a custom runtime (provided.al2023, provided.al2), which starts the zip's bootstrap.",
                "set 'runtime: provided.al2023' on the function or under provider, with an executable 'bootstrap' " +
                "at the zip's root; Lambda needs a runtime for every zip as well.")
            : new(
                "STR3031",
                at,
                $"function '{functionKey}' has a prebuilt package.artifact for runtime '{runtime}', which " +
                "Stratus cannot run locally: it runs prebuilt artifacts only on a custom runtime (provided.al2023, " +
                "provided.al2), which starts the zip's bootstrap.",
                "build the artifact as a custom runtime (an executable bootstrap at the zip's root, runtime: " +
                "provided.al2023), or run this function with its own language's tools; `stratus package` still " +
                "packages it as it is.");

    /// <summary>STR3009: a size that cannot be read, such as maxPackageSize: lots.</summary>
    public static ConfigError BadSize(string value, SourceSpan at) => new(
        "STR3009",
        at,
        $"maxPackageSize '{value}' is not a size.",
        "write a whole number of bytes or a number with a unit, such as 10MB, 512KB or 1.5MB.");

    /// <summary>STR3010: package.artifact names a file that does not exist.</summary>
    public static ConfigError ArtifactMissing(string path, SourceSpan at) => new(
        "STR3010",
        at,
        $"package.artifact '{path}' does not exist.",
        "build the zip first, or correct the path (relative to the folder of serverless.yml).");

    /// <summary>STR3026: the handler's assembly is a class library, which cannot be started.</summary>
    public static ConfigError HandlerAssemblyIsALibrary(
        FunctionDefinition function, string assemblyName, ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(service);

        var projects = FunctionProjectLocator.Find(service.Directory);
        var library = projects.FirstOrDefault(project => project.AssemblyName == assemblyName);
        bool References(FunctionProject project) => ProjectReferences.Closure(project.ProjectPath).Projects
            .Contains(library!.ProjectPath, StringComparer.Ordinal);
        var executable = library is null ? null : projects.FirstOrDefault(p => p != library && References(p));
        var instead = executable is null
            ? "the assembly of the functions project (OutputType Exe) that references it"
            : $"'{executable.AssemblyName}', the functions project that references it";
        return new ConfigError(
            "STR3026",
            function.HandlerSpan,
            $"function '{function.Key}' names assembly '{assemblyName}', a class library, which cannot be " +
            "started as a function (it has no OutputType Exe).",
            $"before '::', name {instead}: it serves handlers its libraries define once they are registered; or " +
            $"make '{assemblyName}' an executable with <OutputType>Exe</OutputType>.");
    }

    /// <summary>STR3024: a custom runtime's prebuilt zip has no bootstrap file at its root.</summary>
    /// <param name="functionKey">The function's key.</param>
    /// <param name="path">The zip, as the user wrote it or relative to the service.</param>
    /// <param name="runtime">The function's runtime.</param>
    /// <param name="at">Where package.artifact is set.</param>
    /// <param name="nested">The path of a 'bootstrap' inside a folder of the zip, if it holds one.</param>
    /// <param name="isFolder">Whether 'bootstrap' at the root is a folder.</param>
    public static ConfigError PrebuiltWithoutBootstrap(
        string functionKey, string path, string runtime, SourceSpan at, string? nested = null, bool isFolder = false)
    {
        var found = isFolder ? "'bootstrap' as a folder, not a file, at its root"
            : nested is not null ? $"no 'bootstrap' at its root, only '{nested}' inside a folder"
            : "no 'bootstrap' at its root";
        var fix = nested is not null
            ? $"put '{nested}' at the root of the zip, as 'bootstrap': zip from inside its folder (cd " +
                $"{nested[..nested.LastIndexOf('/')]}, then zip -r ../function.zip .), keeping it executable " +
                "(chmod 755)."
            : "name the executable 'bootstrap', make it executable (chmod 755) and zip it at the top of the " +
                "archive, not inside a folder (cd into its folder, then zip -r ../function.zip .).";
        return new ConfigError(
            "STR3024",
            at,
            $"function '{functionKey}' has runtime '{runtime}', but its package.artifact '{path}' holds {found}, " +
            "while Lambda starts only /var/task/bootstrap: every invocation would fail with Runtime.InvalidEntrypoint.",
            fix);
    }

    /// <summary>STR3024: a custom runtime's prebuilt zip has a bootstrap that is a link to a file it lacks.</summary>
    public static ConfigError PrebuiltBootstrapLinkToNothing(
        string functionKey, string path, string runtime, string target, SourceSpan at) => new(
            "STR3024",
            at,
            $"function '{functionKey}' has runtime '{runtime}', but the 'bootstrap' in its package.artifact '{path}' " +
            $"is a symbolic link to '{target}', which the zip does not hold: Lambda would find no bootstrap " +
            "(Couldn't find valid bootstrap(s)) and fail every invocation with Runtime.InvalidEntrypoint.",
            $"zip '{target}' as well, or zip without -y so that the file itself is stored as 'bootstrap'.");

    /// <summary>STR3027: a prebuilt zip has an entry that would unpack outside the function's folder.</summary>
    public static ConfigError ArtifactEntryOutside(string functionKey, string path, string entry, SourceSpan at) =>
        new(
            "STR3027",
            at,
            $"the package.artifact '{path}' of function '{functionKey}' has the entry '{entry}', which would unpack " +
            "outside the function's folder (an absolute path, a '..' in it, or a path under a symbolic link); " +
            "nothing was unpacked.",
            "zip the function's folder from inside it, so every path is relative and within it: cd into the " +
            "folder, then zip -r ../function.zip .");

    /// <summary>STR3025: package.artifact is not a zip archive.</summary>
    public static ConfigError ArtifactNotAZip(string path, SourceSpan at) => new(
        "STR3025",
        at,
        $"package.artifact '{path}' is not a zip archive (or is damaged), so Lambda could not unpack it.",
        "point package.artifact at the .zip your build writes, and build it again if it was cut short.");

    /// <summary>STR3027: a zip that cannot be unpacked (one path twice, a file under a link or a file).</summary>
    public static ConfigError ArtifactNotUnpackable(FunctionPackage package, string reason)
    {
        ArgumentNullException.ThrowIfNull(package);

        return new ConfigError(
            "STR3027",
            SourceSpan.WholeFile(package.ArtifactPath),
            $"the zip of function '{package.FunctionKey}' cannot be unpacked: {reason.TrimEnd('.')}.",
            "zip the function's folder again: each path once, and no file inside a folder that is a symbolic link.");
    }

    /// <summary>
    /// STR3028: an executable's build left no runtimeconfig.json, because the project turns it off or because
    /// something removed it after the build.
    /// </summary>
    public static ConfigError BuildOutputIncomplete(string projectPath, string missingFile, bool generationDisabled) =>
        generationDisabled
            ? new(
                "STR3028",
                SourceSpan.WholeFile(projectPath),
                $"the project sets GenerateRuntimeConfigurationFiles to false, so its build has no '{missingFile}' " +
                "and the function cannot be started (Lambda's .NET runtimes and `dotnet` need it).",
                "remove <GenerateRuntimeConfigurationFiles>false</GenerateRuntimeConfigurationFiles> from the project.")
            : new(
                "STR3028",
                SourceSpan.WholeFile(projectPath),
                $"the build succeeded, but '{missingFile}' is gone from its output, so the function could not " +
                "start: something removed it after the build, most likely another build of this project through " +
                "another path (MSBuild's incremental clean deletes outputs it recorded under the other path, such " +
                "as a symlink).",
                "build the project through one path only (its real folder, not a link to it), then run the command " +
                "again.");

    /// <summary>STR3011: the managed runtime's .NET version is not one the project targets.</summary>
    public static ConfigError FrameworkMismatch(
        string functionKey,
        string runtime,
        string needed,
        string targets,
        SourceSpan at) =>
        new(
            "STR3011",
            at,
            $"function '{functionKey}' runs on '{runtime}', which needs '{needed}', " +
            $"but its project targets '{targets}'.",
            $"add '{needed}' to the project's TargetFrameworks, or use runtime 'provided.al2023' (Native AOT).");

    /// <summary>STR3012: package.patterns is not a list of strings.</summary>
    public static ConfigError BadPatterns(SourceSpan at) => new(
        "STR3012",
        at,
        "package.patterns is not a list of glob strings.",
        "write patterns as a list, such as patterns: ['assets/**', '!assets/tmp/**'].");

    /// <summary>STR3013: a project file under the service folder is not well-formed XML.</summary>
    public static ConfigError MalformedProject(string projectPath, System.Xml.XmlException error)
    {
        ArgumentNullException.ThrowIfNull(error);

        var reason = error.Message.Split(" Line ", 2)[0].TrimEnd('.');
        return new ConfigError(
            "STR3013",
            new SourceSpan(projectPath, Math.Max(error.LineNumber, 1), Math.Max(error.LinePosition, 1), 1),
            $"the project file '{Path.GetFileName(projectPath)}' is not well-formed XML: {reason}.",
            "correct the project file, or move it out of the service folder if it is not a functions project.");
    }

    /// <summary>STR3014: Native AOT for Amazon Linux 2 on a build machine with no toolchain for it.</summary>
    public static ConfigError Al2NativeAotUnsupported(
        string functionKey,
        string architecture,
        string hostArchitecture,
        SourceSpan at) => new(
        "STR3014",
        at,
        $"function '{functionKey}' has runtime 'provided.al2', whose Native AOT bootstrap ({architecture}) must " +
        $"link against a glibc no newer than Amazon Linux 2's 2.26; the toolchain Stratus uses for that runs on " +
        $"x86_64 build machines only, and this one is {hostArchitecture}.",
        "package it on an x86_64 machine (CI, say), use runtime 'provided.al2023' (Native AOT) or 'dotnet8' " +
        "(managed), or set package.artifact to a zip whose bootstrap was built on Amazon Linux 2.");

    /// <summary>STR3015: `--packaged` where the processor cannot run the function's Native AOT bootstrap.</summary>
    public static ConfigError PackagedArchitectureNotRunnable(
        string functionKey,
        string architecture,
        string hostArchitecture,
        SourceSpan at) =>
        new(
            "STR3015",
            at,
            $"function '{functionKey}' is packaged for '{architecture}', whose Native AOT bootstrap this " +
            $"{hostArchitecture} machine cannot run, so --packaged cannot start it.",
            "run without --packaged (a managed build for this machine), or run --packaged on a machine of that " +
            "architecture; `stratus package` still builds the artifact here.");

    /// <summary>STR3020: the quick local build needs a .NET runtime this machine does not have.</summary>
    public static ConfigError LocalRuntimeMissing(
        IReadOnlyList<string> functionKeys,
        string framework,
        string version,
        IReadOnlyList<string> installed,
        string targetFramework,
        SourceSpan at)
    {
        ArgumentNullException.ThrowIfNull(functionKeys);
        ArgumentNullException.ThrowIfNull(installed);

        var functions = functionKeys.Count == 1
            ? $"function '{functionKeys[0]}' is"
            : $"functions {string.Join(", ", functionKeys.Select(key => $"'{key}'"))} are";
        var found = installed.Count == 0 ? "none" : string.Join(", ", installed);
        var major = version.Split('.')[0];
        return new ConfigError(
            "STR3020",
            at,
            $"{functions} built for {targetFramework}, whose runtime {framework} {version} is not installed on " +
            $"this machine (installed: {found}), so `dev` and `invoke local` cannot start it.",
            $"install the .NET {major} runtime (https://dotnet.microsoft.com/download/dotnet/{major}.0), or add " +
            $"a target framework this machine runs to the project's TargetFrameworks ('{targetFramework};" +
            $"net{Environment.Version.Major}.0'): local runs use the newest one installed, and `stratus package` " +
            "still builds the one the runtime needs.");
    }
}
