using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

public sealed class InputHasherTests : IDisposable
{
    private static readonly Dictionary<string, string> Settings = new() { ["kind"] = "NativeAot" };

    private readonly TempService _service = new("service: shop\n");

    [Fact]
    public void Hash_SourceChanged_Changes()
    {
        var before = Hash();

        _service.Write("src/Shop.Functions/Orders.cs", "class Orders { }");

        Assert.NotEqual(before, Hash());
    }

    // Emacs marks a file being edited with a link to nothing, `.#Name.cs`; the build names it, the hash must not fail.
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Hash_EditorLockLinkToNothing_HashesWhereItPoints()
    {
        var before = Hash();
        var lockFile = Path.Combine(_service.Directory, "src/Shop.Functions/.#Orders.cs");

        File.CreateSymbolicLink(lockFile, "root@host.1234:1700000000");
        var locked = Hash();

        Assert.NotEqual(before, locked);
        Assert.Equal(locked, Hash());
    }

    [Fact]
    public void Hash_BinObjAndStratusChanged_StaysTheSame()
    {
        var before = Hash();

        _service.Write("src/Shop.Functions/bin/Debug/x.dll", "binary");
        _service.Write("src/Shop.Functions/obj/project.assets.json", "{}");
        _service.Write(".stratus/package/manifest.json", "{}");

        Assert.Equal(before, Hash());
    }

    // Projects often reference their neighbours through the project's own folder property.
    [Fact]
    public void Hash_ReferenceThroughMSBuildThisFileDirectoryChanged_Changes()
    {
        _service.Write("src/Shop.Functions/Shop.Functions.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup><ProjectReference Include="$(MSBuildThisFileDirectory)../Shared/Shared.csproj" /></ItemGroup>
            </Project>
            """);
        _service.Write("src/Shared/Shared.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var before = Hash();

        _service.Write("src/Shared/Money.cs", "class Money { }");

        Assert.NotEqual(before, Hash());
        Assert.Empty(ProjectReferences.Closure(ProjectPath).Unfollowed);
    }

    // One Include may list several projects; Directory.Build.props may add references every project gets.
    [Fact]
    public void Hash_ReferencesListedTogetherOrInDirectoryBuildProps_FollowEach()
    {
        _service.Write("src/Shop.Functions/Shop.Functions.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <ProjectReference Include="../A/A.csproj; $(MSBuildProjectDirectory)/../B/B.csproj" />
              </ItemGroup>
            </Project>
            """);
        _service.Write("src/Directory.Build.props", """
            <Project>
              <ItemGroup><ProjectReference Include="$(MSBuildThisFileDirectory)C/C.csproj" /></ItemGroup>
            </Project>
            """);
        foreach (var name in (string[])["A", "B", "C"])
        {
            _service.Write($"src/{name}/{name}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        }

        foreach (var name in (string[])["A", "B", "C"])
        {
            var before = Hash();
            _service.Write($"src/{name}/Changed.cs", "class Changed { }");
            Assert.NotEqual(before, Hash());
        }
    }

    // A path from any other property needs MSBuild's whole evaluation; the packager then never reuses the build.
    [Fact]
    public void Closure_PathFromAnotherProperty_IsReportedUnfollowedAsItIsWritten()
    {
        _service.Write("src/Shop.Functions/Shop.Functions.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup><ProjectReference Include="$(RepoRoot)/libs/Shared/Shared.csproj" /></ItemGroup>
            </Project>
            """);

        Assert.Equal(["$(RepoRoot)/libs/Shared/Shared.csproj"], ProjectReferences.Closure(ProjectPath).Unfollowed);
    }

    [Fact]
    public void Hash_ReferencedProjectOrBuildPropsChanged_Changes()
    {
        _service.Write("src/Shop.Functions/Shop.Functions.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup><ProjectReference Include="../Shared/Shared.csproj" /></ItemGroup>
            </Project>
            """);
        _service.Write("src/Shared/Shared.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        var before = Hash();

        _service.Write("src/Shared/Money.cs", "class Money { }");
        var afterReference = Hash();
        _service.Write("Directory.Packages.props", "<Project />");

        Assert.NotEqual(before, afterReference);
        Assert.NotEqual(afterReference, Hash());
    }

    [Fact]
    public void Hash_BuildSettingChanged_Changes()
    {
        var before = Hash();

        var after = InputHasher.Hash(
            ProjectReferences.Closure(ProjectPath), new Dictionary<string, string> { ["kind"] = "Managed" });

        Assert.NotEqual(before, after);
    }

    private string ProjectPath => Path.Combine(_service.Directory, "src", "Shop.Functions", "Shop.Functions.csproj");

    private string Hash() => InputHasher.Hash(ProjectReferences.Closure(ProjectPath), Settings);

    public void Dispose() => _service.Dispose();
}
