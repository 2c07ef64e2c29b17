using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

/// <summary>
/// Which framework `dev`'s quick build runs, and a custom runtime's package is published for, when a project lists
/// its frameworks in TargetFrameworks (plural): the SDK refuses to publish such a project without one.
/// </summary>
public sealed class RunnableFrameworkTests
{
    [Theory]
    [InlineData("net8.0;net10.0", "net10.0")]
    [InlineData("net10.0", "net10.0")]
    [InlineData(" net10.0 ; net8.0 ", "net10.0")]
    [InlineData("net10.0;net99.0", "net10.0")]
    [InlineData("netstandard2.0", "netstandard2.0")]
    public void RunnableFramework_SeveralFrameworks_PicksTheNewestThisMachineRuns(string frameworks, string expected)
    {
        Assert.Equal(expected, ManagedBuilder.RunnableFramework(frameworks));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void RunnableFramework_NoTargetFrameworks_LeavesTheChoiceToTheProject(string? frameworks)
    {
        Assert.Null(ManagedBuilder.RunnableFramework(frameworks));
    }

    [Theory]
    [InlineData("provided.al2023", "net8.0;net10.0", "net10.0")]
    [InlineData("provided.al2023", "net10.0", "net10.0")]
    [InlineData("provided.al2", "net10.0", "net10.0")]
    public void Plan_CustomRuntimeProjectListingItsFrameworks_PublishesTheNewestRunnableOne(
        string runtime, string frameworks, string expected)
    {
        using var service = new TempService($$"""
            service: shop
            provider:
              name: aws
              runtime: {{runtime}}
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);
        service.Write("src/Shop.Functions/Shop.Functions.csproj", $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>{{frameworks}}</TargetFrameworks>
                <AssemblyName>Shop.Functions</AssemblyName>
              </PropertyGroup>
            </Project>
            """);

        var plan = Assert.Single(PackagePlanner.Plan(service.Load(), null, hostArchitecture: "x64"));

        Assert.Equal((PackageBuildKind.NativeAot, expected), (plan.Kind, plan.TargetFramework));
    }

    [Fact]
    public void Plan_CustomRuntimeProjectWithOneTargetFramework_LeavesTheChoiceToTheProject()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);

        var plan = Assert.Single(PackagePlanner.Plan(service.Load(), null, hostArchitecture: "x64"));

        Assert.Null(plan.TargetFramework);
    }
}
