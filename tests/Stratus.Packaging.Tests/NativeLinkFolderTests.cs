using Stratus.Packaging.Internal;
using Stratus.Service;

namespace Stratus.Packaging.Tests;

/// <summary>Where `stratus package` has Native AOT link each artifact's binary.</summary>
public sealed class NativeLinkFolderTests
{
    private static readonly FunctionProject Project = new("Shop.Functions", "/src/shop/Shop.Functions.csproj");

    [Fact]
    public void NativeLinkFolder_HandlersArchitecturesAndGlibcs_EachLinkIntoAFolderOfTheirOwn()
    {
        // Regression: with one link folder per project, a publish whose object file was up to date skipped the
        // link and zipped the last-linked binary: another handler's, or the same handler's for another glibc.
        var orders = Plan("Shop.Functions.OrdersHandler", "x86_64");
        var reports = Plan("Shop.Functions.ReportsHandler", "x86_64");
        var ordersArm = Plan("Shop.Functions.OrdersHandler", "arm64");

        string[] folders =
        [
            Publisher.NativeLinkFolder(orders, Project),
            Publisher.NativeLinkFolder(reports, Project),
            Publisher.NativeLinkFolder(ordersArm, Project),
            Publisher.NativeLinkFolder(orders with { Runtime = "provided.al2" }, Project),
            Publisher.NativeLinkFolder(orders with { TrimmedTo = null }, Project),
        ];

        Assert.Equal(folders.Length, folders.Distinct(StringComparer.Ordinal).Count());
        Assert.All(
            folders, folder => Assert.StartsWith("/src/shop/obj/stratus-native/", folder, StringComparison.Ordinal));
        Assert.All(folders, folder => Assert.EndsWith("/", folder, StringComparison.Ordinal));
        Assert.Equal(
            "/src/shop/obj/stratus-native/Shop.Functions.OrdersHandler/linux-x64/glibc-2.17/",
            folders[3]);
    }

    private static ArtifactPlan Plan(string handlerType, string architecture)
    {
        Assert.True(HandlerReference.TryParse($"Shop.Functions::{handlerType}", out var handler));
        return new ArtifactPlan
        {
            Name = "orders",
            Functions = [],
            Runtime = "provided.al2023",
            Architecture = architecture,
            Kind = PackageBuildKind.NativeAot,
            Patterns = [],
            Project = Project,
            TrimmedTo = handler,
        };
    }
}
