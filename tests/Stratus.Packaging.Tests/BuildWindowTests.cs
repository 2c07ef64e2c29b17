using System.Text;
using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

/// <summary>
/// A source saved while a build runs is built again: MSBuild, which compares timestamps, would take an output
/// written after the save as up to date even when the compiler had read the text before it.
/// </summary>
public sealed class BuildWindowTests
{
    private const string Yml = """
        service: shop
        provider:
          name: aws
          runtime: provided.al2023
        functions:
          orders:
            handler: Shop.Functions::Shop.Functions.OrdersHandler
        """;

    private const string ManagedYml = """
        service: shop
        provider:
          name: aws
          runtime: dotnet8
        functions:
          orders:
            handler: Shop.Functions::Shop.Functions.OrdersHandler
        """;

    [Fact]
    public void SourcesChangedDuringLastBuild_FileTimeInsideTheWindow_AsksForAFullRebuild()
    {
        using var service = new TempService(Yml);
        var source = service.Write("src/Shop.Functions/Program.cs", Program("a"));
        var project = Path.Combine(service.Directory, "src/Shop.Functions/Shop.Functions.csproj");
        var closure = ProjectReferences.Closure(project);
        var state = Path.Combine(service.Directory, ".stratus");
        var started = new DateTime(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(source, started.AddSeconds(-1));
        File.SetLastWriteTimeUtc(closure.Projects[0], started.AddSeconds(-1));

        Assert.False(BuildWindow.SourcesChangedDuringLastBuild(state, closure, "build Debug"));
        BuildWindow.Record(state, closure, "build Debug", started);
        Assert.False(BuildWindow.SourcesChangedDuringLastBuild(state, closure, "build Debug"));

        File.SetLastWriteTimeUtc(source, started.AddMilliseconds(500));
        Assert.True(BuildWindow.SourcesChangedDuringLastBuild(state, closure, "build Debug"));
        Assert.False(BuildWindow.SourcesChangedDuringLastBuild(state, closure, "build Release"));

        // Saved after the build ended: newer than its output, which MSBuild itself sees.
        File.SetLastWriteTimeUtc(source, BuildWindow.Start().AddSeconds(5));
        Assert.False(BuildWindow.SourcesChangedDuringLastBuild(state, closure, "build Debug"));
    }

    // The full rebuild a save asked for can fail before it cleans anything (an import MSBuild cannot find).
    [Fact]
    public void Record_FullRebuildThatFailed_KeepsTheWindowThatAskedForIt()
    {
        using var service = new TempService(Yml);
        var source = service.Write("src/Shop.Functions/Program.cs", Program("a"));
        var project = Path.Combine(service.Directory, "src/Shop.Functions/Shop.Functions.csproj");
        var closure = ProjectReferences.Closure(project);
        var state = Path.Combine(service.Directory, ".stratus");
        var first = BuildWindow.Start().AddMinutes(-10);
        File.SetLastWriteTimeUtc(project, first.AddMinutes(-1));
        BuildWindow.Record(state, closure, "build Debug", first);
        File.SetLastWriteTimeUtc(source, first.AddMilliseconds(500));

        BuildWindow.Record(state, closure, "build Debug", BuildWindow.Start(), fullRebuildFailed: true);
        Assert.True(BuildWindow.SourcesChangedDuringLastBuild(state, closure, "build Debug"));

        BuildWindow.Record(state, closure, "build Debug", BuildWindow.Start());
        Assert.False(BuildWindow.SourcesChangedDuringLastBuild(state, closure, "build Debug"));
    }

    [Fact]
    public async Task ManagedBuild_SourceSavedDuringTheLastBuild_IsCompiledAgainNotTakenAsUpToDate()
    {
        using var service = new TempService(Yml);
        var source = service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        await new ManagedBuilder().BuildAsync(service.Load(), CancellationToken.None);

        // The race, replayed: new text whose time falls inside the last build, before that build wrote its output.
        var (start, _) = ReadWindow(service);
        File.WriteAllText(source, Program("second-marker"));
        File.SetLastWriteTimeUtc(source, start.AddMilliseconds(1));
        var build = await new ManagedBuilder().BuildAsync(service.Load(), CancellationToken.None);

        var assembly = File.ReadAllBytes(build.ByFunctionKey["orders"].EntryAssemblyPath);
        Assert.True(Holds(assembly, "second-marker"));
        Assert.False(Holds(assembly, "first-marker"));
    }

    // A build that fails may still have compiled a referenced library from text saved over while it ran.
    [Fact]
    public async Task ManagedBuild_LibrarySavedDuringABuildThatFailed_IsCompiledAgain()
    {
        using var service = new TempService(Yml);
        service.Write("src/Shop.Lib/Shop.Lib.csproj", LibraryProject);
        var library = service.Write("src/Shop.Lib/Marker.cs", Marker("first-marker"));
        service.Write("src/Shop.Functions/Shop.Functions.csproj", ProjectReferencingTheLibrary);
        var program = service.Write("src/Shop.Functions/Program.cs", Program("{0}") + "\nclass Broken { int x = ; }");
        await Assert.ThrowsAsync<BuildFailedException>(
            () => new ManagedBuilder().BuildAsync(service.Load(), CancellationToken.None));

        var (start, _) = ReadWindow(service);
        File.WriteAllText(library, Marker("second-marker"));
        File.SetLastWriteTimeUtc(library, start.AddMilliseconds(1));
        File.WriteAllText(program, UsingTheMarker);
        var build = await new ManagedBuilder().BuildAsync(service.Load(), CancellationToken.None);

        var assembly = File.ReadAllBytes(build.ByFunctionKey["orders"].EntryAssemblyPath);
        Assert.True(Holds(assembly, "second-marker"));
    }

    [Fact]
    public async Task ManagedBuild_OutputWrittenInsideTheProjectFolder_DoesNotForceAFullRebuild()
    {
        using var service = new TempService(Yml);
        service.Write("src/Shop.Functions/Shop.Functions.csproj", ProjectWithOutputInItsFolder);
        service.Write("src/Shop.Functions/Program.cs", Program("only-marker"));
        var state = Path.Combine(service.Directory, ".stratus");
        var closure = ProjectReferences.Closure(
            Path.Combine(service.Directory, "src/Shop.Functions/Shop.Functions.csproj"));

        await new ManagedBuilder().BuildAsync(service.Load(), CancellationToken.None);

        var output = Path.Combine(service.Directory, "src/Shop.Functions/out/Debug/net10.0/Shop.Functions.dll");
        Assert.True(File.Exists(output));
        Assert.False(BuildWindow.SourcesChangedDuringLastBuild(state, closure, "build Debug"));
    }

    [Fact]
    public async Task Package_SourceChangedWhilePublishing_PublishesAgainAndCachesWhatItBuilt()
    {
        using var service = new TempService(ManagedYml);
        service.Write("src/Shop.Functions/Shop.Functions.csproj", ProjectThatWritesAFileWhileBuilding(onlyOnce: true));
        service.Write("src/Shop.Functions/Program.cs", Program("only-marker"));

        var result = await service.PackageAsync();

        Assert.Single(result.Functions);
        Assert.True(File.Exists(Path.Combine(service.Directory, "src/Shop.Functions/WrittenWhileBuilding.cs")));
        var cached = Directory.GetFiles(
            Path.Combine(service.Directory, ".stratus", "package-cache"), ".build-key", SearchOption.AllDirectories);
        // One entry, keyed by what was built; a project with a Target is never reused (what its tasks read cannot be
        // listed), so the entry is not read back here.
        Assert.Single(cached);
    }

    [Fact]
    public async Task Package_SourcesChangingDuringEveryPublish_FailsAndKeepsNothing()
    {
        using var service = new TempService(ManagedYml);
        service.Write("src/Shop.Functions/Shop.Functions.csproj", ProjectThatWritesAFileWhileBuilding(onlyOnce: false));
        service.Write("src/Shop.Functions/Program.cs", Program("only-marker"));

        var failure = await Assert.ThrowsAsync<IOException>(() => service.PackageAsync());

        Assert.Contains("changed during each of 3 builds in a row", failure.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was kept", failure.Message, StringComparison.Ordinal);
        var cache = Path.Combine(service.Directory, ".stratus", "package-cache");
        Assert.Empty(Directory.Exists(cache) ? Directory.GetFiles(cache, "*", SearchOption.AllDirectories) : []);
        Assert.False(File.Exists(Path.Combine(service.OutputDirectory, "orders.zip")));
    }

    private static (DateTime Start, DateTime End) ReadWindow(TempService service)
    {
        var record = Assert.Single(Directory.GetFiles(Path.Combine(service.Directory, ".stratus", "build-windows")));
        var ticks = File.ReadAllText(record).Split(' ').Select(long.Parse).ToArray();
        return (new DateTime(ticks[0], DateTimeKind.Utc), new DateTime(ticks[1], DateTimeKind.Utc));
    }

    private static bool Holds(byte[] assembly, string literal) =>
        assembly.AsSpan().IndexOf(Encoding.Unicode.GetBytes(literal)) >= 0;

    // ManagedPackageTests' stand-in for the SDK (packaging reads handler classes from metadata by name), marked.
    private static string Program(string marker) =>
        $"System.Console.WriteLine(\"{marker}\");\n{ManagedPackageTests.Program}";

    private const string LibraryProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
        </Project>
        """;

    private const string ProjectReferencingTheLibrary = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>Shop.Functions</AssemblyName>
          </PropertyGroup>
          <ItemGroup>
            <ProjectReference Include="../Shop.Lib/Shop.Lib.csproj" />
          </ItemGroup>
        </Project>
        """;

    private const string ProjectWithOutputInItsFolder = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>Shop.Functions</AssemblyName>
            <BaseOutputPath>out/</BaseOutputPath>
          </PropertyGroup>
        </Project>
        """;

    // The library's constant is compiled into the functions assembly, which is where the test looks for it.
    private static string UsingTheMarker => Program("{0}").Replace(
        "System.Console.WriteLine(\"{0}\");",
        "System.Console.WriteLine(Shop.Lib.Marker.Text);",
        StringComparison.Ordinal);

    private static string Marker(string text) =>
        $"namespace Shop.Lib;\n\npublic static class Marker\n{{\n    public const string Text = \"{text}\";\n}}\n";

    // Writes a file into the project's folder after compiling, as an editor's save during the build would.
    private static string ProjectThatWritesAFileWhileBuilding(bool onlyOnce)
    {
        var condition = onlyOnce ? "!Exists('$(MSBuildProjectDirectory)/WrittenWhileBuilding.cs')" : "true";
        return $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <AssemblyName>Shop.Functions</AssemblyName>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <Target Name="WriteWhileBuilding" AfterTargets="CoreCompile" Condition="{{condition}}">
                <Touch Files="$(MSBuildProjectDirectory)/WrittenWhileBuilding.cs" AlwaysCreate="true" />
              </Target>
            </Project>
            """;
    }
}
