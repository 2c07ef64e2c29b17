using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Stratus.Service;

namespace Stratus.Packaging.Tests;

/// <summary>Checks the Native AOT artifacts of the example, built once by the shared fixture.</summary>
[Collection(ExamplePackageGroup.Name)]
public sealed partial class ExamplePackageTests(ExamplePackageFixture example)
{
    private const long TenMegabytes = 10L * 1024 * 1024;

    private static readonly string[] UsersHandlers =
    [
        "CreateUserHandler", "ListUsersHandler", "GetUserHandler", "UpdateUserHandler", "DeleteUserHandler",
    ];

    [Fact]
    public void Package_IndividuallyTrue_WritesOneNativeAotZipPerFunctionUnderTenMegabytes()
    {
        var functions = example.First.Functions;

        Assert.Equal(["status.zip", "auth.zip"], functions.Select(f => Path.GetFileName(f.ArtifactPath)));
        Assert.All(functions, f => Assert.Equal(PackageBuildKind.NativeAot, f.BuildKind));
        Assert.All(functions, f => Assert.InRange(f.ZippedSize, 1, TenMegabytes));
    }

    [Fact]
    public void Package_TwoCleanBuilds_GiveIdenticalSha256()
    {
        var first = example.First.Functions.Select(f => f.Sha256);
        var second = example.SecondClean.Functions.Select(f => f.Sha256);

        Assert.Equal(first, second);
        Assert.All(example.SecondClean.Functions, f => Assert.False(f.Reused));
    }

    [Fact]
    public void Package_NoChange_ReusesEveryArtifactQuickly()
    {
        var noChange = example.NoChange.Functions;

        Assert.All(noChange, f => Assert.True(f.Reused));
        Assert.Equal(example.First.Functions.Select(f => f.Sha256), noChange.Select(f => f.Sha256));
        Assert.InRange(example.NoChangeDuration, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Zip_ServiceAndFunctionPatterns_OnlyAuthLacksNativeAssets()
    {
        using var status = ZipFile.OpenRead(Artifact("status"));
        using var auth = ZipFile.OpenRead(Artifact("auth"));

        Assert.Contains(status.Entries, e => e.FullName == "assets/native/libfake.so");
        Assert.DoesNotContain(auth.Entries, e => e.FullName.StartsWith("assets/native/", StringComparison.Ordinal));
    }

    [Fact]
    public void Zip_Entries_AreSortedWithBootstrapExecutable()
    {
        using var zip = ZipFile.OpenRead(Artifact("status"));

        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(0x81ED, zip.GetEntry("bootstrap")!.ExternalAttributes >>> 16);
        Assert.All(
            zip.Entries.Where(e => e.FullName != "bootstrap"),
            e => Assert.Equal(0x81A4, e.ExternalAttributes >>> 16));
        Assert.DoesNotContain(names, n => Path.GetExtension(n) is ".dbg" or ".pdb");
    }

    [Fact]
    public async Task Bootstrap_GlibcVersions_AreAtMostAmazonLinux2023s()
    {
        var bootstrap = Extract("status", "bootstrap");

        var symbols = await RunAsync("objdump", "-T", bootstrap);

        var versions = GlibcVersion().Matches(symbols).Select(m => new Version(m.Groups[1].Value)).Distinct().ToList();
        Assert.NotEmpty(versions);
        Assert.All(versions, v => Assert.True(v <= new Version(2, 34), $"the bootstrap needs GLIBC_{v}"));
    }

    [Fact]
    public async Task GlibcCheck_Bootstrap_PassesAmazonLinux2023AndExplainsAmazonLinux2()
    {
        var bootstrap = Extract("status", "bootstrap");

        var al2023 = await Stratus.Packaging.Internal.GlibcCheck.ExplainAsync(bootstrap, "provided.al2023", default);
        var al2 = await Stratus.Packaging.Internal.GlibcCheck.ExplainAsync(bootstrap, "provided.al2", default);

        Assert.Null(al2023);
        Assert.Contains("ships glibc 2.26", al2, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusBootstrap_HoldsNoUsersHandlerType()
    {
        var bytes = Encoding.Latin1.GetString(File.ReadAllBytes(Extract("status", "bootstrap")));

        Assert.Contains("GetStatusHandler", bytes, StringComparison.Ordinal);
        Assert.All(UsersHandlers, name => Assert.DoesNotContain(name, bytes, StringComparison.Ordinal));
    }

    [Fact]
    public void Bootstrap_HoldsNoPathOfTheBuildMachine()
    {
        var bytes = Encoding.Latin1.GetString(File.ReadAllBytes(Extract("status", "bootstrap")));

        Assert.DoesNotContain(example.ServiceDirectory, bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/') + "/stratus-example-", bytes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_HandlerNamesMissingClass_ReportsStr3003AtTheHandler()
    {
        var config = WriteConfig("serverless.missing.yml", ExamplePackageFixture.ServiceYml.Replace(
            "Status.GetStatusHandler\n  auth", "Status.NoSuchHandler\n  auth", StringComparison.Ordinal));

        var failure = await Assert.ThrowsAsync<ConfigException>(
            () => ExamplePackageFixture.PackageAsync(example.ServiceDirectory, config, TempOutput()));

        var error = Assert.Single(failure.Errors);
        Assert.Equal("STR3003", error.Code);
        Assert.Equal((12, 14), (error.At.Line, error.At.Column));
        Assert.Contains("'UsersService.Functions.Status.NoSuchHandler'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_PatternExcludesBootstrap_ReportsStr3006AtThePattern()
    {
        var config = WriteConfig("serverless.nobootstrap.yml", ExamplePackageFixture.ServiceYml.Replace(
            "- '!assets/native/**'", "- '!boot*'", StringComparison.Ordinal));

        var failure = await Assert.ThrowsAsync<ConfigException>(
            () => ExamplePackageFixture.PackageAsync(example.ServiceDirectory, config, TempOutput()));

        var error = Assert.Single(failure.Errors);
        Assert.Equal("STR3006", error.Code);
        Assert.Equal(17, error.At.Line);
        Assert.Contains("'bootstrap'", error.Message, StringComparison.Ordinal);
    }

    private string Artifact(string function) =>
        example.First.Functions.Single(f => f.FunctionKey == function).ArtifactPath;

    private string Extract(string function, string entry)
    {
        var target = Path.Combine(example.ServiceDirectory, ".stratus", "test-extract", function, entry);
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var zip = ZipFile.OpenRead(Artifact(function));
            zip.GetEntry(entry)!.ExtractToFile(target + "." + Guid.NewGuid().ToString("N"));
            File.Move(Directory.GetFiles(Path.GetDirectoryName(target)!, entry + ".*")[0], target, overwrite: true);
        }

        return target;
    }

    private string WriteConfig(string name, string text)
    {
        File.WriteAllText(Path.Combine(example.ServiceDirectory, name), text);
        return name;
    }

    private string TempOutput() =>
        Path.Combine(example.ServiceDirectory, ".stratus", "out-" + Guid.NewGuid().ToString("N"));

    private static async Task<string> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output;
    }

    [GeneratedRegex(@"GLIBC_(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex GlibcVersion();
}
