using Stratus.Packaging.Internal;
using Stratus.Service;

namespace Stratus.Packaging.Tests;

/// <summary>
/// Whether the installed .NET can start a quick local build, checked before `dev` serves it: a dotnet root made
/// for each test holds the shared framework folders a real one would.
/// </summary>
public sealed class InstalledRuntimesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("stratus-runtimes-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void FindMissing_Net8BuildWhereOnlyDotnet10IsInstalled_NamesTheFrameworkAndWhatIsInstalled()
    {
        Install("Microsoft.NETCore.App", "10.0.12");
        var config = RuntimeConfig(
            """{ "tfm": "net8.0", "framework": { "name": "Microsoft.NETCore.App", "version": "8.0.0" } }""");

        var missing = InstalledRuntimes.FindMissing(config, _root, rollForward: null);

        Assert.Equal("Microsoft.NETCore.App", missing!.Name);
        Assert.Equal(("8.0.0", "net8.0"), (missing.Version, missing.TargetFramework));
        Assert.Equal(["10.0.12"], missing.Installed);
    }

    [Theory]
    [InlineData("10.0.0", "10.0.12")]
    [InlineData("8.0.0", "8.0.21")]
    [InlineData("8.0.5", "8.1.0")]
    public void FindMissing_SameMajorAtOrAboveTheVersionAsked_IsNotMissing(string asked, string installed)
    {
        Install("Microsoft.NETCore.App", installed);
        var config = RuntimeConfig(
            $$"""{ "framework": { "name": "Microsoft.NETCore.App", "version": "{{asked}}" } }""");

        Assert.Null(InstalledRuntimes.FindMissing(config, _root, rollForward: null));
    }

    [Fact]
    public void FindMissing_RollForwardMajorInTheConfigOrTheEnvironment_AcceptsANewerMajor()
    {
        Install("Microsoft.NETCore.App", "10.0.12");
        var plain = RuntimeConfig("""{ "framework": { "name": "Microsoft.NETCore.App", "version": "8.0.0" } }""");
        var rolling = RuntimeConfig(
            """{ "rollForward": "Major", "framework": { "name": "Microsoft.NETCore.App", "version": "8.0.0" } }""",
            "rolling");

        Assert.Null(InstalledRuntimes.FindMissing(rolling, _root, rollForward: null));
        Assert.Null(InstalledRuntimes.FindMissing(plain, _root, rollForward: "LatestMajor"));
        Assert.NotNull(InstalledRuntimes.FindMissing(plain, _root, rollForward: null));
    }

    [Fact]
    public void FindMissing_SecondOfSeveralFrameworksAbsent_IsTheOneNamed()
    {
        Install("Microsoft.NETCore.App", "10.0.12");
        Install("Microsoft.AspNetCore.App", "8.0.3");
        var config = RuntimeConfig("""
            { "frameworks": [
                { "name": "Microsoft.NETCore.App", "version": "10.0.0" },
                { "name": "Microsoft.AspNetCore.App", "version": "10.0.0" } ] }
            """);

        var missing = InstalledRuntimes.FindMissing(config, _root, rollForward: null);

        Assert.Equal("Microsoft.AspNetCore.App", missing!.Name);
        Assert.Equal(["8.0.3"], missing.Installed);
        Assert.Equal("net10.0", missing.TargetFramework);
    }

    [Fact]
    public void FindMissing_NothingToJudgeBy_IsLeftToTheHost()
    {
        var config = RuntimeConfig("""{ "framework": { "name": "Microsoft.NETCore.App", "version": "8.0.0" } }""");
        var malformed = Path.Combine(_root, "malformed.runtimeconfig.json");
        File.WriteAllText(malformed, "{ not json");

        // No shared folder at all (an unusual host layout), no runtimeconfig.json (self-contained), bad JSON.
        Assert.Null(InstalledRuntimes.FindMissing(config, _root, rollForward: null));
        Assert.Null(InstalledRuntimes.FindMissing(Path.Combine(_root, "absent.runtimeconfig.json"), _root, null));
        Assert.Null(InstalledRuntimes.FindMissing(malformed, _root, rollForward: null));
    }

    [Theory]
    [InlineData("8.0.3", "8.0.1", "LatestPatch", true)]
    [InlineData("8.1.0", "8.0.1", "LatestPatch", false)]
    [InlineData("8.0.1", "8.0.1", "Disable", true)]
    [InlineData("8.0.3", "8.0.1", "Disable", false)]
    [InlineData("8.2.0", "8.0.1", "LatestMinor", true)]
    [InlineData("10.0.0", "8.0.1", "Minor", false)]
    [InlineData("10.0.0", "8.0.1", "major", true)]
    [InlineData("8.0.0", "8.0.1", "LatestMajor", false)]
    public void Satisfies_EachRollForwardPolicy_FollowsTheHostsRules(
        string installed,
        string requested,
        string policy,
        bool expected)
    {
        var satisfies = InstalledRuntimes.Satisfies(Version.Parse(installed), Version.Parse(requested), policy);

        Assert.Equal(expected, satisfies);
    }

    [Fact]
    public void LocalRuntimeMissing_SeveralFunctionsOfOneProject_NamesThemAllAndBothFixes()
    {
        var at = new SourceSpan("serverless.yml", 4, 12, 7);

        var error = PackagingErrors.LocalRuntimeMissing(
            ["status", "users"], "Microsoft.NETCore.App", "8.0.0", ["10.0.12"], "net8.0", at);

        Assert.Equal("STR3020", error.Code);
        Assert.Contains("functions 'status', 'users' are built for net8.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("(installed: 10.0.12)", error.Message, StringComparison.Ordinal);
        Assert.Contains("install the .NET 8 runtime", error.Fix, StringComparison.Ordinal);
        Assert.Contains($"'net8.0;net{Environment.Version.Major}.0'", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagedBuild_ProjectNeedsARuntimeNotInstalled_FailsWithStr3020AtTheFunctionsRuntime()
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

        // A patch of .NET no machine has: the build succeeds, and the host could never start it.
        service.Write("src/Shop.Functions/Shop.Functions.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <RuntimeFrameworkVersion>10.0.999</RuntimeFrameworkVersion>
                <UseAppHost>false</UseAppHost>
                <AssemblyName>Shop.Functions</AssemblyName>
              </PropertyGroup>
            </Project>
            """);
        service.Write("src/Shop.Functions/Program.cs", """
            System.Console.WriteLine("orders");

            namespace Shop.Functions
            {
                public sealed class OrdersHandler
                {
                }
            }
            """);

        var failure = await Assert.ThrowsAsync<ConfigException>(
            () => new ManagedBuilder().BuildAsync(service.Load(), CancellationToken.None));

        var error = Assert.Single(failure.Errors);
        Assert.Equal(("STR3020", 4, 12), (error.Code, error.At.Line, error.At.Column));
        Assert.Contains("Microsoft.NETCore.App 10.0.999 is not installed", error.Message, StringComparison.Ordinal);
    }

    private void Install(string framework, string version) =>
        Directory.CreateDirectory(Path.Combine(_root, "shared", framework, version));

    private string RuntimeConfig(string runtimeOptions, string name = "app")
    {
        var path = Path.Combine(_root, name + ".runtimeconfig.json");
        File.WriteAllText(path, $$"""{ "runtimeOptions": {{runtimeOptions}} }""");
        return path;
    }
}
