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

    // A save that changes no text (an editor's save-all, a checkout of the same commit) touches the file only.
    [Fact]
    public async Task ManagedBuild_NoTextChangedSinceTheLastBuild_ServesTheLastOutputWithoutBuilding()
    {
        using var service = new TempService(Yml);
        var source = service.Write("src/Shop.Functions/Program.cs", Program("first-marker"));
        var first = await BuildAsync(service);

        File.SetLastWriteTimeUtc(source, BuildWindow.Start().AddSeconds(1));
        var second = await BuildAsync(service);

        Assert.Empty(first.Progress);
        Assert.Equal([Reused], second.Progress);
        Assert.True(Holds(second.Build, "first-marker"));
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
}
