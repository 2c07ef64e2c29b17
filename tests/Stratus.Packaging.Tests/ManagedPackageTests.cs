using System.IO.Compression;
using System.Text.Json;

namespace Stratus.Packaging.Tests;

/// <summary>`runtime: dotnet8` packages the framework-dependent assembly the Lambda .NET 8 runtime starts.</summary>
public sealed class ManagedPackageTests
{
    private const string ProjectFile = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net8.0</TargetFramework>
            <AssemblyName>Shop.Functions</AssemblyName>
            <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
          </PropertyGroup>
        </Project>
        """;

    // Packaging reads handler classes from metadata by name: a class implementing Stratus.Functions.IFunctionHandler
    // that some generic call names. This stand-in for the SDK keeps the project free of references, so the test
    // builds nothing but itself.
    internal const string Program = """
        Register<Shop.Functions.OrdersHandler>();

        static void Register<THandler>() => System.Console.WriteLine(typeof(THandler).Name);

        namespace Stratus.Functions
        {
            public interface IFunctionHandler
            {
            }
        }

        namespace Shop.Functions
        {
            public sealed class OrdersHandler : Stratus.Functions.IFunctionHandler
            {
            }
        }
        """;

    // Lambda's .NET runtime starts an executable assembly when the handler is the assembly's name ("Define Lambda
    // function handler in C#", executable assembly handlers); the SDK then reads the type from STRATUS_HANDLER.
    [Fact]
    public async Task Package_Dotnet8OnArm64_ZipsTheAssemblyForTheManagedRuntimeWithoutAnAppHost()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: dotnet8
              architecture: arm64
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);
        service.Write("src/Shop.Functions/Shop.Functions.csproj", ProjectFile);
        service.Write("src/Shop.Functions/Program.cs", Program);

        var result = await service.PackageAsync();

        var orders = Assert.Single(result.Functions);
        Assert.Equal(("arm64", PackageBuildKind.Managed), (orders.Architecture, orders.BuildKind));
        using var zip = ZipFile.OpenRead(orders.ArtifactPath);
        var names = zip.Entries.Select(entry => entry.FullName).ToList();
        Assert.Contains("Shop.Functions.dll", names);
        Assert.DoesNotContain("Shop.Functions", names);
        using var runtimeConfig = JsonDocument.Parse(zip.GetEntry("Shop.Functions.runtimeconfig.json")!.Open());
        Assert.Equal("net8.0", runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("tfm").GetString());
        using var manifest = JsonDocument.Parse(File.ReadAllText(result.ManifestPath));
        var entry = manifest.RootElement.GetProperty("functions").GetProperty("orders");
        Assert.Equal("Shop.Functions", entry.GetProperty("handler").GetString());
        Assert.Equal(
            "Shop.Functions::Shop.Functions.OrdersHandler",
            entry.GetProperty("environment").GetProperty("STRATUS_HANDLER").GetString());
    }

    // Its files cannot be hashed, so an unchanged-looking build may be stale: it is built again, saying why.
    [Fact]
    public async Task Package_ProjectReferenceThroughAnUnknownProperty_IsNeverReused()
    {
        using var service = new TempService("""
            service: shop
            provider:
              name: aws
              runtime: dotnet8
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);
        var unknown = "$(RepoRoot)/libs/Shared/Shared.csproj";
        var reference = $"<ItemGroup><ProjectReference Include=\"{unknown}\" Condition=\"'$(RepoRoot)' != ''\" />" +
            "</ItemGroup></Project>";
        service.Write(
            "src/Shop.Functions/Shop.Functions.csproj",
            ProjectFile.Replace("</Project>", reference, StringComparison.Ordinal));
        service.Write("src/Shop.Functions/Program.cs", Program);
        await service.PackageAsync();
        var progress = new List<string>();

        var again = await new ServicePackager().PackageAsync(
            service.Load(), new PackageOptions { Progress = progress.Add }, CancellationToken.None);

        Assert.False(Assert.Single(again.Functions).Reused);
        var expected = $"building 'shop' afresh: it references '{unknown}'";
        Assert.Contains(progress, line => line.StartsWith(expected, StringComparison.Ordinal));
    }

    // A linked source outside the project folder is compiled into the artifact, so its change is a change.
    [Fact]
    public async Task Package_LinkedSourceOutsideTheProjectFolderChanged_IsPublishedAgain()
    {
        using var service = new TempService(Dotnet8Service);
        var link = "<ItemGroup><Compile Include=\"../Shared/Linked.cs\" /></ItemGroup></Project>";
        service.Write(
            "src/Shop.Functions/Shop.Functions.csproj",
            ProjectFile.Replace("</Project>", link, StringComparison.Ordinal));
        service.Write("src/Shop.Functions/Program.cs", Program);
        var linked = service.Write("src/Shared/Linked.cs", "static class Linked { const string T = \"first\"; }");
        await service.PackageAsync();

        File.WriteAllText(linked, "static class Linked { const string T = \"other\"; }");
        var again = await service.PackageAsync();
        var unchanged = await service.PackageAsync();

        Assert.False(Assert.Single(again.Functions).Reused);
        Assert.True(Assert.Single(unchanged.Functions).Reused);
    }

    // Only MSBuild's evaluation could list what a wildcard outside the project folders takes.
    [Fact]
    public async Task Package_WildcardOutsideTheProjectFolders_IsNeverReused()
    {
        using var service = new TempService(Dotnet8Service);
        var link = "<ItemGroup><None Include=\"../Shared/**\" /></ItemGroup></Project>";
        service.Write(
            "src/Shop.Functions/Shop.Functions.csproj",
            ProjectFile.Replace("</Project>", link, StringComparison.Ordinal));
        service.Write("src/Shop.Functions/Program.cs", Program);
        await service.PackageAsync();
        var progress = new List<string>();

        var again = await new ServicePackager().PackageAsync(
            service.Load(), new PackageOptions { Progress = progress.Add }, CancellationToken.None);

        Assert.False(Assert.Single(again.Functions).Reused);
        Assert.Contains(
            progress, line => line.StartsWith("building 'shop' afresh: a project", StringComparison.Ordinal));
    }

    // A target's tasks read and add files no listing can follow (a Compile item from outside, a generated source).
    [Fact]
    public async Task Package_ProjectWithATarget_IsNeverReused()
    {
        using var service = new TempService(Dotnet8Service);
        var target = "<Target Name=\"AddShared\" BeforeTargets=\"CoreCompile\"><ItemGroup>" +
            "<Compile Include=\"../Shared/InTarget.cs\" /></ItemGroup></Target></Project>";
        service.Write(
            "src/Shop.Functions/Shop.Functions.csproj",
            ProjectFile.Replace("</Project>", target, StringComparison.Ordinal));
        service.Write("src/Shop.Functions/Program.cs", Program);
        service.Write("src/Shared/InTarget.cs", "static class InTarget { }");
        await service.PackageAsync();

        var again = await service.PackageAsync();

        Assert.False(Assert.Single(again.Functions).Reused);
    }

    private const string Dotnet8Service = """
        service: shop
        provider:
          name: aws
          runtime: dotnet8
        functions:
          orders:
            handler: Shop.Functions::Shop.Functions.OrdersHandler
        """;
}
