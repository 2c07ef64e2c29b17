using System.Text;
using Stratus.Packaging.Internal;

namespace Stratus.Packaging.Tests;

/// <summary>
/// The quick build `dev` and `invoke local` run is skipped when the project's inputs and output are as its last
/// successful build left them, and run whenever either may have changed.
/// </summary>
public sealed class QuickBuildReuseTests
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

    private const string Reused = "Shop.Functions: no input changed since its last build, which is served";

    [Fact]
    public async Task ManagedBuild_NothingChangedSinceTheLastBuild_ServesTheLastOutputWithoutBuilding()
    {
        using var service = new TempService(Yml);
        service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        var first = await BuildAsync(service);

        var second = await BuildAsync(service);

        Assert.Empty(first.Progress);
        Assert.Equal([Reused], second.Progress);
        Assert.True(Holds(second.Build, "first-marker"));
    }

    // MSBuild judges sources by time: text brought in with an older time (cp -p, rsync -a) is not compiled, and
    // touching the file is the remedy. The touch must reach MSBuild, not be taken for "nothing changed".
    [Fact]
    public async Task ManagedBuild_OlderTextTouchedAfterwards_IsCompiled()
    {
        using var service = new TempService(Yml);
        var source = service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        await BuildAsync(service);
        var before = File.GetLastWriteTimeUtc(source);
        File.WriteAllText(source, Program("older-marker"));
        File.SetLastWriteTimeUtc(source, before.AddMinutes(-10));
        await BuildAsync(service);

        File.SetLastWriteTimeUtc(source, BuildWindow.Start().AddSeconds(1));
        var touched = await BuildAsync(service);

        Assert.Empty(touched.Progress);
        Assert.True(Holds(touched.Build, "older-marker"));
    }

    // Files the SDK compiles that sit outside the project's own files: a linked source, an imported props file,
    // a folder with a project of its own (the SDK's glob still takes its sources) and a nested bin folder.
    [Theory]
    [InlineData("src/Shared/Linked.cs", """<Compile Include="../Shared/Linked.cs" />""")]
    [InlineData("src/Shared/Marker.props", """<Import Project="../Shared/Marker.props" />""")]
    [InlineData("src/Shop.Functions/Nested/Marker.cs", "")]
    [InlineData("src/Shop.Functions/Status/bin/Marker.cs", "")]
    [InlineData("src/Shop.Functions/Nested/bin/Marker.cs", "")]
    [InlineData("src/Shop.Functions/node_modules/pkg/Marker.cs", "")]
    [InlineData("src/Shop.Functions/obj/Marker.cs", """<Compile Include="obj/Marker.cs" />""")]
    [InlineData(
        "src/Shared/InTarget.cs",
        """<Target Name="Add" BeforeTargets="CoreCompile"><ItemGroup><Compile Include="../Shared/InTarget.cs" />""" +
        "</ItemGroup></Target>")]
    public async Task ManagedBuild_InputOutsideTheProjectsOwnFilesChanged_BuildsAgain(string input, string reference)
    {
        using var service = new TempService(Yml);
        service.Write("src/Shop.Functions/Shop.Functions.csproj", ProjectWith(reference));
        service.Write("src/Shop.Functions/Program.cs", Program("{0}").Replace(
            "System.Console.WriteLine(\"{0}\");", "System.Console.WriteLine(Marker.Text);", StringComparison.Ordinal));
        service.Write("src/Shop.Functions/Nested/Nested.csproj", NestedLibrary);
        if (input.EndsWith(".props", StringComparison.Ordinal))
        {
            service.Write("src/Shop.Functions/Marker.cs", MarkerChosenByConstant);
        }

        var path = service.Write(input, MarkerSource(input, "first-marker"));
        await BuildAsync(service);

        File.WriteAllText(path, MarkerSource(input, "other-marker"));
        var second = await BuildAsync(service);

        Assert.Empty(second.Progress);
        Assert.True(Holds(second.Build, "other-marker"));
    }

    // Only the SDK's own targets file, beside Stratus.Functions.csproj, is known to read nothing; a namesake is not.
    [Fact]
    public async Task ManagedBuild_TargetsFileNamedLikeTheSdksElsewhere_IsBuiltEveryTime()
    {
        using var service = new TempService(Yml);
        service.Write(
            "src/Shared/Stratus.Functions.targets",
            """<Project><Target Name="Gen" BeforeTargets="CoreCompile"><ReadLinesFromFile File="g.txt" />""" +
            "</Target></Project>");
        service.Write(
            "src/Shop.Functions/Shop.Functions.csproj",
            ProjectWith("""<Import Project="../Shared/Stratus.Functions.targets" />"""));
        service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        await BuildAsync(service);

        var second = await BuildAsync(service);

        Assert.Empty(second.Progress);
    }

    // MSBuild reads Directory.Build.rsp above a project as command-line arguments, and Roslyn the analyzer settings
    // of every folder above a source: either, new or changed, can change what the build gives.
    [Theory]
    [InlineData("Directory.Build.rsp", "-p:DefineConstants=OTHER")]
    [InlineData(".editorconfig", "[*.cs]\ndotnet_diagnostic.CA1822.severity = warning\n")]
    [InlineData(".globalconfig", "is_global = true\n")]
    public async Task ManagedBuild_BuildSettingsFileAddedAbove_BuildsAgain(string name, string text)
    {
        using var service = new TempService(Yml);
        service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        await BuildAsync(service);

        service.Write(name, text);
        var second = await BuildAsync(service);

        Assert.Empty(second.Progress);
    }

    // The compiler reads a linked file's target: a change there is a change, though the link itself is untouched.
    // (MSBuild's own up-to-date check then judges the link by its own time, as a plain `dotnet build` does.)
    [Fact]
    public async Task ManagedBuild_SourceThatIsASymbolicLinkWhoseTargetChanged_RunsTheBuild()
    {
        using var service = new TempService(Yml);
        service.Write("src/Shop.Functions/Program.cs", Program("{0}").Replace(
            "System.Console.WriteLine(\"{0}\");", "System.Console.WriteLine(Marker.Text);", StringComparison.Ordinal));
        var target = service.Write("shared/Marker.cs", MarkerSource("Marker.cs", "first-marker"));
        File.CreateSymbolicLink(Path.Combine(service.Directory, "src/Shop.Functions/Marker.cs"), target);
        await BuildAsync(service);

        File.WriteAllText(target, MarkerSource("Marker.cs", "other-marker"));
        var second = await BuildAsync(service);

        Assert.Empty(second.Progress);
    }

    // What only running MSBuild can follow: a wildcard outside the project folders or into their obj, a target's
    // tasks (which read and copy files), a property function reading a file.
    [Theory]
    [InlineData("""<None Include="../Shared/**" />""")]
    [InlineData("""<Compile Include="obj/extra/*.cs" />""")]
    [InlineData("""<Target Name="Gen" BeforeTargets="CoreCompile"><ReadLinesFromFile File="../g.txt" /></Target>""")]
    [InlineData("""<None Include="$([System.IO.File]::ReadAllText('$(MSBuildProjectDirectory)/../../flag.txt'))" />""")]
    public async Task ManagedBuild_InputsOnlyMsBuildCanFollow_AreBuiltEveryTime(string element)
    {
        using var service = new TempService(Yml);
        service.Write("flag.txt", "x.txt");
        service.Write("src/Shop.Functions/Shop.Functions.csproj", ProjectWith(element));
        service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        await BuildAsync(service);

        var second = await BuildAsync(service);

        Assert.Empty(second.Progress);
    }

    [Fact]
    public async Task ManagedBuild_SourceSavedWithNewText_BuildsAgainAndServesTheNewCode()
    {
        using var service = new TempService(Yml);
        var source = service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        await BuildAsync(service);

        File.WriteAllText(source, Program("other-marker"));
        File.SetLastWriteTimeUtc(source, BuildWindow.Start().AddSeconds(1));
        var second = await BuildAsync(service);

        Assert.Empty(second.Progress);
        Assert.True(Holds(second.Build, "other-marker"));
    }

    // An IDE's build or a plain `dotnet build` may have written the output since: it is not this build's any more.
    [Fact]
    public async Task ManagedBuild_OutputChangedByAnotherBuild_BuildsAgain()
    {
        using var service = new TempService(Yml);
        service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        await BuildAsync(service);
        var output = Path.Combine(service.Directory, "src/Shop.Functions/bin/Debug/net10.0/Shop.Functions.dll");

        File.SetLastWriteTimeUtc(output, File.GetLastWriteTimeUtc(output).AddSeconds(1));
        var second = await BuildAsync(service);
        var third = await BuildAsync(service);

        Assert.Empty(second.Progress);
        Assert.Equal([Reused], third.Progress);
    }

    // The build that failed may have written part of the output, so going back to the sources of the last good
    // build does not make its output trustworthy again.
    [Fact]
    public async Task ManagedBuild_AfterAFailedBuild_BuildsAgainEvenWithTheSourcesOfTheLastGoodOne()
    {
        using var service = new TempService(Yml);
        var source = service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        await BuildAsync(service);
        File.WriteAllText(source, Program("first-marker") + "\nclass Broken { int x = ; }");
        await Assert.ThrowsAsync<BuildFailedException>(() => BuildAsync(service));

        File.WriteAllText(source, Program("first-marker"));
        var again = await BuildAsync(service);

        Assert.Empty(again.Progress);
        Assert.True(Holds(again.Build, "first-marker"));
    }

    [Fact]
    public async Task ManagedBuild_StampCutShort_IsNotTakenAndTheProjectIsBuilt()
    {
        using var service = new TempService(Yml);
        service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        await BuildAsync(service);
        var stamp = Assert.Single(Directory.GetFiles(Path.Combine(service.Directory, ".stratus", "quick-builds")));

        File.WriteAllLines(stamp, File.ReadAllLines(stamp).Take(3));
        var second = await BuildAsync(service);

        Assert.Empty(second.Progress);
    }

    private static async Task<(FunctionBuild Build, List<string> Progress)> BuildAsync(TempService service)
    {
        var progress = new List<string>();
        var build = await new ManagedBuilder().BuildAsync(service.Load(), CancellationToken.None, progress.Add);
        return (build.ByFunctionKey["orders"], progress);
    }

    private static bool Holds(FunctionBuild build, string literal) =>
        File.ReadAllBytes(build.EntryAssemblyPath).AsSpan().IndexOf(Encoding.Unicode.GetBytes(literal)) >= 0;

    private static string Program(string marker) =>
        $"System.Console.WriteLine(\"{marker}\");\n{ManagedPackageTests.Program}";

    private static string ProjectWith(string item) => $$"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>Shop.Functions</AssemblyName>
          </PropertyGroup>
          <ItemGroup>
            {{(IsTopLevel(item) ? "" : item)}}
          </ItemGroup>
          {{(IsTopLevel(item) ? item : "")}}
        </Project>
        """;

    private static bool IsTopLevel(string element) =>
        element.StartsWith("<Import", StringComparison.Ordinal)
        || element.StartsWith("<Target", StringComparison.Ordinal);

    // As C#, a class Marker with the text; as a props file, the constant that picks the text of MarkerChosenByConstant.
    private static string MarkerSource(string path, string text) => path.EndsWith(".props", StringComparison.Ordinal)
        ? $$"""
            <Project>
              <PropertyGroup>
                <DefineConstants>$(DefineConstants);{{(text == "other-marker" ? "OTHER" : "FIRST")}}</DefineConstants>
              </PropertyGroup>
            </Project>
            """
        : $"static class Marker\n{{\n    public const string Text = \"{text}\";\n}}\n";

    private const string NestedLibrary = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>Shop.Nested</AssemblyName>
          </PropertyGroup>
        </Project>
        """;

    private const string MarkerChosenByConstant = """
        static class Marker
        {
        #if OTHER
            public const string Text = "other-marker";
        #else
            public const string Text = "first-marker";
        #endif
        }
        """;
}
