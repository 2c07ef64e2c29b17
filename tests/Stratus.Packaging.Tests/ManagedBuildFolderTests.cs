using System.Text;
using Stratus.Service;

namespace Stratus.Packaging.Tests;

/// <summary>
/// Where the quick managed build puts its output (`.stratus/build/&lt;assembly&gt;/&lt;build id&gt;/`): a folder per
/// build, never changed once a build holds it, removed when retired or when no session holds it any more.
/// </summary>
public sealed class ManagedBuildFolderTests : IDisposable
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

    private readonly TempService _service = new(Yml);

    private string BuildsFolder => Path.Combine(_service.Directory, ".stratus", "build", "Shop.Functions");

    public void Dispose() => _service.Dispose();

    [Fact]
    public async Task Build_WhileAnEarlierBuildIsHeld_GetsItsOwnFolderAndLeavesTheEarlierOneAsItWas()
    {
        using var first = await BuildAsync("first-marker");

        using var second = await BuildAsync("second-marker");

        Assert.NotEqual(OutputOf(first), OutputOf(second));
        Assert.True(Holds(File.ReadAllBytes(EntryOf(first)), "first-marker"));
        Assert.True(Holds(File.ReadAllBytes(EntryOf(second)), "second-marker"));
        Assert.Equal(
            [OutputOf(first), OutputOf(second)],
            Directory.GetDirectories(BuildsFolder).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Retire_BuildWhoseProcessesAreGone_RemovesOnlyItsFolder()
    {
        using var first = await BuildAsync("first-marker");
        using var second = await BuildAsync("second-marker");

        first.Retire();

        Assert.Equal(OutputOf(second), Assert.Single(Directory.GetDirectories(BuildsFolder)));
        Assert.False(File.Exists(OutputOf(first) + ".lock"));
    }

    // The last session's current build stays when it ends (or crashes); the next build removes it, and the files of
    // the one folder per assembly that earlier versions of Stratus replaced in place.
    [Fact]
    public async Task Build_AfterAnEarlierSessionLetItsBuildGo_RemovesThatBuildAndFilesOfTheOlderLayout()
    {
        var earlier = await BuildAsync("first-marker");
        earlier.Dispose();
        File.WriteAllText(Path.Combine(BuildsFolder, "Shop.Functions.dll"), "older layout");

        using var next = await BuildAsync("second-marker");

        Assert.Equal(OutputOf(next), Assert.Single(Directory.GetDirectories(BuildsFolder)));
        Assert.Equal(
            [Path.GetFileName(OutputOf(next)) + ".lock"],
            Directory.GetFiles(BuildsFolder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Build_RefusedAfterItCompiled_LeavesNoFolderAndTheHeldBuildAsItWas()
    {
        using var held = await BuildAsync("first-marker");
        _service.Write("serverless.yml", Yml.Replace("OrdersHandler", "MissingHandler", StringComparison.Ordinal));

        await Assert.ThrowsAsync<ConfigException>(() => BuildAsync("second-marker"));

        Assert.Equal(OutputOf(held), Assert.Single(Directory.GetDirectories(BuildsFolder)));
        Assert.True(Holds(File.ReadAllBytes(EntryOf(held)), "first-marker"));
    }

    private async Task<ServiceBuild> BuildAsync(string marker)
    {
        _service.Write(
            "src/Shop.Functions/Program.cs", $"System.Console.WriteLine(\"{marker}\");\n{ManagedPackageTests.Program}");
        return await new ManagedBuilder().BuildAsync(_service.Load(), CancellationToken.None);
    }

    private static string OutputOf(ServiceBuild build) => build.ByFunctionKey["orders"].OutputDirectory;

    private static string EntryOf(ServiceBuild build) => build.ByFunctionKey["orders"].EntryAssemblyPath;

    private static bool Holds(byte[] assembly, string literal) =>
        assembly.AsSpan().IndexOf(Encoding.Unicode.GetBytes(literal)) >= 0;
}
