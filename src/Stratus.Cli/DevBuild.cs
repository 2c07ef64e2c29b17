using Stratus.Packaging;
using Stratus.Service;

namespace Stratus.Cli;

/// <summary>
/// What `dev` and `invoke local` run: the quick managed build of the functions projects, or with --packaged the
/// deployable artifacts; functions with a prebuilt `package.artifact` always run that artifact.
/// </summary>
internal static class DevBuild
{
    public static async Task<ServiceBuild> BuildAsync(
        ServiceDefinition service,
        bool packaged,
        Action<string>? progress,
        CancellationToken cancellationToken)
    {
        if (packaged)
        {
            return await PackagedBuild.PackageAndExtractAsync(service, progress, cancellationToken);
        }

        var prebuiltKeys = PrebuiltArtifacts.FunctionKeys(service);
        var fromSource = PrebuiltArtifacts.WithoutPrebuilt(service);
        var managed = fromSource.Functions.Count == 0
            ? new ServiceBuild(new Dictionary<string, FunctionBuild>(), "managed Debug build")
            : await new ManagedBuilder().BuildAsync(fromSource, cancellationToken, progress);
        if (prebuiltKeys.Count == 0)
        {
            return managed;
        }

        ServiceBuild prebuilt;
        try
        {
            prebuilt = await PackagedBuild.PackageAndExtractAsync(
                service with { Functions = [.. service.Functions.Where(f => prebuiltKeys.Contains(f.Key))] },
                progress,
                cancellationToken);
        }
        catch
        {
            // Nothing will run the managed build just made.
            managed.Retire();
            throw;
        }

        var kind = fromSource.Functions.Count == 0 ? prebuilt.Kind : $"{managed.Kind} and prebuilt artifacts";
        return managed.CombinedWith(prebuilt, kind);
    }
}
