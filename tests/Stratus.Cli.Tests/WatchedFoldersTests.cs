using Stratus.Cli.Tests.Support;

namespace Stratus.Cli.Tests;

/// <summary>`dev` watches the functions projects and every project they reference, however deep.</summary>
public sealed class WatchedFoldersTests
{
    [Fact]
    public void Of_FunctionsProjectWithReferences_WatchesEveryReferencedProjectFolderOnce()
    {
        using var service = new TempServiceFile("stratus-watch-");
        WriteProject(service.Folder, "src/Shop.Functions/Shop.Functions.csproj", "../Shop.Core/Shop.Core.csproj",
            "../Shop.Data/Shop.Data.csproj", "$(SharedRoot)/Shared.csproj", "../Missing/Missing.csproj");
        WriteProject(service.Folder, "src/Shop.Core/Shop.Core.csproj", "..\\Shop.Data\\Shop.Data.csproj");
        var util = "$(MSBuildThisFileDirectory)../Shop.Util/Shop.Util.csproj";
        WriteProject(service.Folder, "src/Shop.Data/Shop.Data.csproj", util);
        WriteProject(service.Folder, "src/Shop.Util/Shop.Util.csproj");
        var loaded = service.Load("""
            service: shop
            provider:
              name: aws
              runtime: provided.al2023
            functions:
              orders:
                handler: Shop.Functions::Shop.Functions.OrdersHandler
            """);

        var watched = WatchedFolders.Of(loaded);

        string[] expected = ["Shop.Core", "Shop.Data", "Shop.Functions", "Shop.Util"];
        Assert.Equal(expected.Select(name => Path.Combine(service.Folder, "src", name)), watched.Folders);
        Assert.Equal(["$(SharedRoot)/Shared.csproj"], watched.Unfollowed);
    }

    private static void WriteProject(string root, string relativePath, params string[] references)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var items = string.Concat(references.Select(reference => $"""<ProjectReference Include="{reference}" />"""));
        var name = Path.GetFileNameWithoutExtension(path);
        File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><AssemblyName>{name}</AssemblyName></PropertyGroup>
              <ItemGroup>{items}</ItemGroup>
            </Project>
            """);
    }
}
