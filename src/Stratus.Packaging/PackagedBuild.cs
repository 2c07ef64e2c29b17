using System.IO.Compression;
using Stratus.Packaging.Internal;
using Stratus.Service;

namespace Stratus.Packaging;

/// <summary>
/// Unzips packaged artifacts where the local cloud can run them, so `stratus dev --packaged` and
/// `stratus invoke local --packaged` run exactly the bytes that would be deployed.
/// </summary>
public static class PackagedBuild
{
    /// <summary>Packages the service (reusing unchanged artifacts), then unzips every artifact to run it.</summary>
    public static async Task<ServiceBuild> PackageAndExtractAsync(
        ServiceDefinition service,
        Action<string>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);

        CheckRunnableHere(service, PackagePlanner.Plan(service, kindOverride: null));

        // Its own folder, not `stratus package`'s: the service here may be one function (invoke local) and is
        // resolved for the local cloud (local-store envelopes), so writing .stratus/package would drop the other
        // functions' zips and put envelopes only this machine can decrypt where a deployment reads them. The zips
        // are the same bytes either way: both come from the same build cache and reproducible zip writer.
        var result = await new ServicePackager().PackageAsync(
            service,
            new PackageOptions
            {
                Progress = progress,
                OutputDirectory = LocalPackageDirectory(service),
                ForLocalRun = true,
            },
            cancellationToken);
        return Extract(service, result);
    }

    /// <summary>
    /// Where `--packaged` runs write their packages: `.stratus/package-local/` beside serverless.yml.
    /// </summary>
    public static string LocalPackageDirectory(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Path.Combine(service.Directory, ".stratus", "package-local");
    }

    /// <summary>
    /// Refuses, before any build, a Native AOT bootstrap for another processor (this machine could not start it,
    /// and every request would fail with an exec format error), and a prebuilt artifact for a runtime other than a
    /// custom one (nothing here would start it as that language's runtime does).
    /// </summary>
    private static void CheckRunnableHere(ServiceDefinition service, IReadOnlyList<ArtifactPlan> plans)
    {
        // Limitation: a prebuilt bootstrap is not checked, as it may be a script that runs anywhere; a prebuilt
        // binary for another processor fails when its function first starts.
        var host = NativeToolchain.HostArchitecture;
        var errors = plans
            .Where(plan => plan.Kind == PackageBuildKind.NativeAot
                && (plan.Architecture == "arm64" ? "arm64" : "x64") != host)
            .SelectMany(plan => plan.Functions.Select(function =>
                PackagingErrors.PackagedArchitectureNotRunnable(
                    function.Key, plan.Architecture, host, plan.ArchitectureAt)))
            .Concat(plans
                .Where(plan => plan.Kind == PackageBuildKind.Prebuilt && plan.Executable.Length == 0)
                .SelectMany(plan => plan.Functions.Select(function =>
                    PackagingErrors.PrebuiltNotRunnableLocally(
                        function.Key,
                        plan.Runtime.Length == 0 ? null : plan.Runtime,
                        PackagePlanner.RuntimeAt(service, function)))))
            .ToList();
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    /// <summary>Unzips each artifact of <paramref name="result"/> under `.stratus/run/`, once per hash.</summary>
    public static ServiceBuild Extract(ServiceDefinition service, PackageResult result)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(result);

        var runRoot = Path.Combine(service.Directory, ".stratus", "run");
        var byFunction = new Dictionary<string, FunctionBuild>(StringComparer.Ordinal);
        foreach (var package in result.Functions)
        {
            var folder = ExtractOnce(runRoot, package);
            var executable = Path.Combine(folder, package.Executable);
            byFunction[package.FunctionKey] = new FunctionBuild(
                Path.GetFileNameWithoutExtension(package.ArtifactPath),
                package.ArtifactPath,
                folder,
                executable)
            {
                NativeExecutablePath = StartsOnItsOwn(package) ? executable : null,
            };
        }

        InstalledRuntimes.ThrowIfMissing(service, byFunction);
        return new ServiceBuild(byFunction, "packaged artifacts (.stratus/package-local)");
    }

    private static bool StartsOnItsOwn(FunctionPackage package) =>
        package.BuildKind is PackageBuildKind.NativeAot or PackageBuildKind.ManagedTrimmed
        || package.Executable == "bootstrap";

    /// <summary>
    /// Turns the zip's symbolic links (entries whose Unix mode says S_IFLNK, as `zip -y` writes them) back into
    /// links, as Lambda unpacks them; ZipFile writes each as a small file holding its target.
    /// </summary>
    private static void RestoreSymbolicLinks(string zipPath, string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var zip = ZipFile.OpenRead(zipPath);
        var links = zip.Entries.Where(ZipEntryModes.IsSymbolicLink);
        foreach (var entry in links)
        {
            var path = Path.GetFullPath(Path.Combine(folder, entry.FullName));
            using var reader = new StreamReader(entry.Open());
            var target = reader.ReadToEnd();
            File.Delete(path);
            File.CreateSymbolicLink(path, target);
        }
    }

    private static string ExtractOnce(string runRoot, FunctionPackage package)
    {
        // The folder is named by the zip's hash: a running function keeps its files while a new package unzips.
        var name = $"{Path.GetFileNameWithoutExtension(package.ArtifactPath)}-{package.Sha256[..12]}";
        var folder = Path.Combine(runRoot, name);
        if (Directory.Exists(folder))
        {
            return folder;
        }

        var staging = Path.Combine(runRoot, $".{name}.{Guid.NewGuid():N}");
        try
        {
            ZipFile.ExtractToDirectory(package.ArtifactPath, staging);
            RestoreSymbolicLinks(package.ArtifactPath, staging);
        }
        catch (Exception error) when (error is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // A half-unpacked folder must not be left behind, nor mistaken for a whole one.
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw new ConfigException([PackagingErrors.ArtifactNotUnpackable(package, error.Message)]);
        }

        // The files keep the modes the zip records, as in Lambda: a prebuilt bootstrap zipped without its execute
        // bit fails here as it would there (Runtime.InvalidEntrypoint), and Stratus's own zips record 0755.
        Directory.Move(staging, folder);
        return folder;
    }
}
