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

    /// <summary>
    /// Unzips each artifact of <paramref name="result"/> under `.stratus/run/`, read-only as Lambda's task folder is,
    /// reusing an earlier unzip of the same zip only while it is still whole and unchanged; then removes the unzips
    /// no session holds.
    /// </summary>
    public static ServiceBuild Extract(ServiceDefinition service, PackageResult result)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(result);

        var runRoot = Path.Combine(service.Directory, ".stratus", "run");
        var byFunction = new Dictionary<string, FunctionBuild>(StringComparer.Ordinal);
        var leases = new List<IFolderHold>();
        try
        {
            foreach (var package in result.Functions)
            {
                var lease = TaskFolder.Hold(runRoot, package);
                var source = new TaskFolderSource(runRoot, package, lease);
                leases.Add(source);
                var executable = Path.Combine(lease.Folder, package.Executable);
                byFunction[package.FunctionKey] = new FunctionBuild(
                    Path.GetFileNameWithoutExtension(package.ArtifactPath),
                    package.ArtifactPath,
                    lease.Folder,
                    executable)
                {
                    NativeExecutablePath = StartsOnItsOwn(package) ? executable : null,
                    TaskFolderForNewProcess = source.ForNewProcess,
                };
            }

            InstalledRuntimes.ThrowIfMissing(service, byFunction);
        }
        catch
        {
            leases.ForEach(lease => lease.Dispose());
            throw;
        }

        // An artifact that changed leaves its older unzips behind; those no running process uses go now.
        FolderLease.RemoveUnused(runRoot);
        return new ServiceBuild(byFunction, "packaged artifacts (.stratus/package-local)") { Leases = leases };
    }

    private static bool StartsOnItsOwn(FunctionPackage package) =>
        package.BuildKind is PackageBuildKind.NativeAot or PackageBuildKind.ManagedTrimmed
        || package.Executable == "bootstrap";
}
